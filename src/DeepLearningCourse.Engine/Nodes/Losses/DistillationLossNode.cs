using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Knowledge-distillation loss (Hinton, Vinyals and Dean 2015): student logits z [N, C] and soft targets p [N, C]
/// (each row a probability distribution, usually softmax(teacher logits / T) from <see cref="Distillation.SoftTargets"/>)
/// → the scalar
/// <code>L = T² · (1/N) Σ_rows KL(p ‖ q),   q = softmax(z / T),   KL(p ‖ q) = Σ_c p_c (log p_c − log q_c)</code>
/// with 0 · log 0 = 0. KL differs from the cross-entropy −Σ p log q only by the entropy of p, which does not depend on
/// the student, so both have the same gradient; KL is 0 exactly when the student matches the targets.
/// Backward: dL/dz = T / N · (q − p) · dL/dy; the targets get no gradient (null).
/// Why T²: without it the gradient (q − p) / T shrinks like 1/T² as T grows (one 1/T from the chain rule through
/// z / T, one because two soft distributions differ by about (z − v) / (C·T) for teacher logits v), so the factor
/// keeps the soft loss's gradient on the same scale for every T and lets it be mixed with a hard-label loss using
/// fixed weights.
/// Known answer: with T = 1 and one-hot targets this is <see cref="SoftmaxCrossEntropyNode"/>.
/// </summary>
public sealed class DistillationLossNode : Node
{
    /// <summary>How far a target row's sum may be from 1.</summary>
    private const float SumTolerance = 1e-3f;

    private Tensor? _studentProbabilities;
    private Tensor? _targets;

    /// <summary>A distillation loss at temperature <paramref name="temperature"/> (T &gt; 0; T = 1 is the plain softmax).</summary>
    public DistillationLossNode(float temperature)
    {
        Distillation.CheckTemperature(temperature, "DistillationLoss");
        Temperature = temperature;
    }

    /// <summary>The temperature T that softens the student's softmax.</summary>
    public float Temperature { get; }

    public override string OpName => $"DistillationLoss(T={Tensor.FormatValue(Temperature)})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor logits = inputs[0], targets = inputs[1];
        NodeArgs.Rank(this, logits, 2, "student logits", "[N, C]: one row of class scores per example");
        if (!targets.SameShape(logits))
            throw new ShapeException($"{OpName}: student logits are {Tensor.ShapeText(logits.Shape)} so the soft targets must be {Tensor.ShapeText(logits.Shape)} too (one probability per class and example), but they are {Tensor.ShapeText(targets.Shape)}.");
        NodeArgs.NotEmpty(this, logits, "student logits");
        int n = logits.Shape[0], c = logits.Shape[1];
        CheckTargets(targets, n, c);

        float t = Temperature;
        var q = TensorMemory.Zeroed(logits.Size);
        double total = 0;
        for (int row = 0; row < n; row++)
        {
            ReadOnlySpan<float> p = targets.Data.AsSpan(row * c, c);
            Span<float> logQ = q.AsSpan(row * c, c);
            TensorPrimitives.Divide(logits.Data.AsSpan(row * c, c), t, logQ);
            LogSoftmaxNode.Rows(logQ, logQ);
            double kl = 0;
            for (int j = 0; j < c; j++)
            {
                if (p[j] > 0) kl += p[j] * (Math.Log(p[j]) - logQ[j]);
            }
            total += kl;
            VectorMath.Exp(logQ, logQ); // keep q = softmax(z / T) for Backward
        }
        (_studentProbabilities, _targets) = (new Tensor(q, logits.Shape), targets);
        return Tensor.Scalar((float)(t * t * total / n));
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor q = NodeArgs.Saved(this, _studentProbabilities), p = NodeArgs.Saved(this, _targets);
        int n = q.Shape[0];
        var dLogits = TensorMemory.Zeroed(q.Size);
        TensorPrimitives.Subtract(q.Data, p.Data, dLogits);
        TensorPrimitives.Multiply(dLogits, Temperature / n * gradOutput.Data[0], dLogits);
        return [new Tensor(dLogits, q.Shape), null];
    }

    public override void ReleaseSavedState()
    {
        (_studentProbabilities, _targets) = (null, null);
        base.ReleaseSavedState();
    }

    private void CheckTargets(Tensor targets, int n, int c)
    {
        for (int row = 0; row < n; row++)
        {
            ReadOnlySpan<float> p = targets.Data.AsSpan(row * c, c);
            float sum = 0;
            for (int j = 0; j < c; j++)
            {
                if (!(p[j] >= 0))
                    throw new ArgumentException($"{OpName}: soft target {Tensor.FormatValue(p[j])} at row {row}, class {j} is not a probability; pass probabilities (e.g. Distillation.SoftTargets(teacherLogits, T)), not raw teacher logits.");
                sum += p[j];
            }
            if (MathF.Abs(sum - 1) > SumTolerance)
                throw new ArgumentException($"{OpName}: soft targets of row {row} sum to {Tensor.FormatValue(sum)}, not 1; each row must be a probability distribution over the {c} classes (e.g. Distillation.SoftTargets(teacherLogits, T)).");
        }
    }
}
