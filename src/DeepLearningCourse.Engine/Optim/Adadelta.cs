using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Adadelta (Zeiler 2012), element-wise, with running averages E[g²] and E[Δw²] starting at 0:
/// E[g²] ← ρ·E[g²] + (1 − ρ)·g²;
/// Δw = −(√(E[Δw²] + ε) / √(E[g²] + ε))·g;
/// E[Δw²] ← ρ·E[Δw²] + (1 − ρ)·Δw²;
/// w ← w + η·Δw.
/// The ratio of RMS values gives steps in the units of w, so the paper needs no learning rate (η = 1, the default,
/// as in PyTorch). The first steps are about √ε in size, so Adadelta starts slowly.
/// </summary>
public sealed class Adadelta : Optimizer
{
    private readonly float[][] _meanSquareGradient;
    private readonly float[][] _meanSquareDelta;
    private readonly float[] _rmsGradient;

    public Adadelta(IEnumerable<Tensor> parameters, float learningRate = 1f, float rho = 0.9f, float epsilon = 1e-6f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        Rho = CheckRange(rho, 0f, 1f, nameof(rho));
        Epsilon = CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        _meanSquareGradient = NewState();
        _meanSquareDelta = NewState();
        _rmsGradient = new float[Parameters.Max(p => p.Size)];
    }

    /// <summary>ρ, the decay of both running averages.</summary>
    public float Rho { get; }

    /// <summary>ε inside both square roots.</summary>
    public float Epsilon { get; }

    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> msg = _meanSquareGradient[index].AsSpan(offset, weights.Length);
        Span<float> msd = _meanSquareDelta[index].AsSpan(offset, weights.Length);
        Span<float> rmsGradient = _rmsGradient.AsSpan(offset, weights.Length);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        ExponentialAverage.Blend(msg, scratch, Rho); // E[g²] = ρ·E[g²] + (1 − ρ)·g²

        // scratch = Δw = −√(E[Δw²] + ε) / √(E[g²] + ε) · g
        TensorPrimitives.Add(msg, Epsilon, rmsGradient);
        TensorPrimitives.Sqrt(rmsGradient, rmsGradient);
        TensorPrimitives.Add(msd, Epsilon, scratch);
        TensorPrimitives.Sqrt(scratch, scratch);
        TensorPrimitives.Multiply(scratch, gradient, scratch);
        TensorPrimitives.Divide(scratch, rmsGradient, scratch);
        TensorPrimitives.Negate(scratch, scratch);

        TensorPrimitives.Multiply(scratch, scratch, rmsGradient); // reuse the buffer for Δw²
        ExponentialAverage.Blend(msd, rmsGradient, Rho); // E[Δw²] = ρ·E[Δw²] + (1 − ρ)·Δw²
        TensorPrimitives.MultiplyAdd(scratch, LearningRate, weights, weights);
    }
}
