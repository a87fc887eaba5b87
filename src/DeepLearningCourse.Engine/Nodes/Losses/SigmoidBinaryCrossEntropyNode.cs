using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Binary cross-entropy computed from logits z (before the sigmoid), fused and stable: inputs (logits, targets)
/// of the same shape, targets in [0, 1] (usually 0 or 1) → the mean over all elements of
/// max(z, 0) − z·t + log(1 + exp(−|z|)), which equals −[t·log σ(z) + (1 − t)·log(1 − σ(z))] but never takes log 0
/// (PyTorch's <c>BCEWithLogitsLoss</c>).
/// Backward: dL/dz = (σ(z) − t) / n · dL/dy; dL/dt = −z / n · dL/dy.
/// </summary>
public sealed class SigmoidBinaryCrossEntropyNode : Node
{
    private Tensor? _logits, _targets;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor z = inputs[0], t = inputs[1];
        if (!z.SameShape(t))
            throw new ShapeException($"{OpName}: logits are {Tensor.ShapeText(z.Shape)} but targets are {Tensor.ShapeText(t.Shape)}; they must have the same shape (reshape the targets, e.g. to {Tensor.ShapeText(z.Shape)}).");
        NodeArgs.NotEmpty(this, z, "logits");
        for (int i = 0; i < t.Size; i++)
        {
            float target = t.Data[i];
            if (!(target >= 0 && target <= 1))
                throw new ArgumentException($"{OpName}: target {Tensor.FormatValue(target)} at index {i} is outside [0, 1]; targets are probabilities, usually 0 or 1.");
        }
        (_logits, _targets) = (z, t);
        double total = 0;
        for (int i = 0; i < z.Size; i++)
        {
            float zi = z.Data[i];
            total += MathF.Max(zi, 0) - zi * t.Data[i] + MathF.Log(1 + MathF.Exp(-MathF.Abs(zi)));
        }
        return Tensor.Scalar((float)(total / z.Size));
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor z = NodeArgs.Saved(this, _logits), t = NodeArgs.Saved(this, _targets);
        float scale = gradOutput.Data[0] / z.Size;
        var dz = TensorMemory.Zeroed(z.Size);
        var dt = TensorMemory.Zeroed(z.Size);
        VectorMath.Sigmoid(z.Data, dz);
        TensorPrimitives.Subtract(dz, t.Data, dz);
        TensorPrimitives.Multiply(dz, scale, dz);
        TensorPrimitives.Multiply(z.Data, -scale, dt);
        return [new Tensor(dz, z.Shape), new Tensor(dt, t.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_logits, _targets) = (null, null);
        base.ReleaseSavedState();
    }
}
