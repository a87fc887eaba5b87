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

    public Adadelta(IEnumerable<Tensor> parameters, float learningRate = 1f, float rho = 0.9f, float epsilon = 1e-6f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        Rho = CheckRange(rho, 0f, 1f, nameof(rho));
        Epsilon = CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        _meanSquareGradient = NewState();
        _meanSquareDelta = NewState();
    }

    /// <summary>ρ, the decay of both running averages.</summary>
    public float Rho { get; }

    /// <summary>ε inside both square roots.</summary>
    public float Epsilon { get; }

    protected override void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> msg = _meanSquareGradient[index];
        Span<float> msd = _meanSquareDelta[index];
        for (int i = 0; i < msg.Length; i++) msg[i] = Rho * msg[i] + (1 - Rho) * gradient[i] * gradient[i];

        // scratch = Δw = −√(E[Δw²] + ε) / √(E[g²] + ε) · g
        TensorPrimitives.Add(msd, Epsilon, scratch);
        TensorPrimitives.Sqrt(scratch, scratch);
        TensorPrimitives.Multiply(scratch, gradient, scratch);
        for (int i = 0; i < scratch.Length; i++) scratch[i] = -scratch[i] / MathF.Sqrt(msg[i] + Epsilon);

        TensorPrimitives.Multiply(msd, Rho, msd);
        for (int i = 0; i < msd.Length; i++) msd[i] += (1 - Rho) * scratch[i] * scratch[i];
        TensorPrimitives.MultiplyAdd(scratch, LearningRate, weights, weights);
    }
}
