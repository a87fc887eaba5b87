using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), element-wise, with m and v starting at 0 and t = <see cref="Optimizer.StepCount"/>:
/// m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
/// m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ) (bias correction: m and v start at 0, so early averages are too small);
/// w ← w − η·m̂ / (√v̂ + ε).
/// Defaults η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (as in the paper and PyTorch).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _firstMoment;
    private readonly float[][] _secondMoment;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        Beta1 = CheckRange(beta1, 0f, 1f, nameof(beta1));
        Beta2 = CheckRange(beta2, 0f, 1f, nameof(beta2));
        Epsilon = CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        _firstMoment = NewState();
        _secondMoment = NewState();
    }

    /// <summary>β₁, the decay of the mean of g.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the decay of the mean of g².</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public float Epsilon { get; }

    protected override void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> m = _firstMoment[index];
        Span<float> v = _secondMoment[index];
        ExponentialAverage.Blend(m, gradient, Beta1); // m = β₁·m + (1 − β₁)·g
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        ExponentialAverage.Blend(v, scratch, Beta2); // v = β₂·v + (1 − β₂)·g²

        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        // m̂ / (√v̂ + ε) = (m / c₁) / (√v / √c₂ + ε)
        TensorPrimitives.Sqrt(v, scratch);
        TensorPrimitives.Multiply(scratch, (float)(1 / Math.Sqrt(correction2)), scratch);
        TensorPrimitives.Add(scratch, Epsilon, scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, (float)(-LearningRate / correction1), weights, weights);
    }
}
