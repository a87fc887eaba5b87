using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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

    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        float step = (float)(LearningRate / (1 - Math.Pow(Beta1, StepCount)));
        float rootCorrection2 = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, StepCount)));
        FusedUpdate(weights, gradient, _firstMoment[index].AsSpan(offset, weights.Length), _secondMoment[index].AsSpan(offset, weights.Length),
            Beta1, Beta2, Epsilon, step, rootCorrection2);
    }

    /// <summary>
    /// The readable update, one array operation per line (the fast path <see cref="FusedUpdate"/> is tested equal):
    /// m = β₁·m + (1 − β₁)·g; v = β₂·v + (1 − β₂)·g²; w −= lr/c₁ · m / (√v / √c₂ + ε) with cₜ = 1 − βₜ^step.
    /// </summary>
    public static void ReferenceUpdate(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v,
        float beta1, float beta2, float epsilon, float learningRateOverCorrection1, float inverseRootCorrection2)
    {
        var scratch = new float[weights.Length];
        ExponentialAverage.Blend(m, gradient, beta1);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        ExponentialAverage.Blend(v, scratch, beta2);
        TensorPrimitives.Sqrt(v, scratch);
        TensorPrimitives.Multiply(scratch, inverseRootCorrection2, scratch);
        TensorPrimitives.Add(scratch, epsilon, scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -learningRateOverCorrection1, weights, weights);
    }

    /// <summary>The same update as <see cref="ReferenceUpdate"/> in one pass over memory, sixteen values at a time.</summary>
    public static void FusedUpdate(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v,
        float beta1, float beta2, float epsilon, float learningRateOverCorrection1, float inverseRootCorrection2)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(beta1);
            var b2 = Vector512.Create(beta2);
            var oneMinusB1 = Vector512.Create(1 - beta1);
            var oneMinusB2 = Vector512.Create(1 - beta2);
            var eps = Vector512.Create(epsilon);
            var rc2 = Vector512.Create(inverseRootCorrection2);
            var lr = Vector512.Create(-learningRateOverCorrection1);
            for (; i <= weights.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var g = Vector512.Create(gradient.Slice(i));
                var mi = Vector512.FusedMultiplyAdd(g, oneMinusB1, Vector512.Create((ReadOnlySpan<float>)m.Slice(i)) * b1);
                var vi = Vector512.FusedMultiplyAdd(g * g, oneMinusB2, Vector512.Create((ReadOnlySpan<float>)v.Slice(i)) * b2);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                var denominator = Vector512.Sqrt(vi) * rc2 + eps;
                Vector512.FusedMultiplyAdd(mi / denominator, lr, Vector512.Create((ReadOnlySpan<float>)weights.Slice(i))).CopyTo(weights.Slice(i));
            }
        }
        if (i < weights.Length)
        {
            ReferenceUpdate(weights[i..], gradient[i..], m[i..], v[i..], beta1, beta2, epsilon, learningRateOverCorrection1, inverseRootCorrection2);
        }
    }
}
