using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// RMSProp (Hinton, Coursera lecture 6e): E[g²] ← ρ·E[g²] + (1 − ρ)·g²; w ← w − η·g / (√E[g²] + ε), element-wise,
/// E[g²] starting at 0. Like Adagrad, but an exponential moving average replaces the ever-growing sum, so the step
/// size can recover. Defaults ρ = 0.9 (the lecture and Keras; PyTorch's alpha defaults to 0.99), ε = 1e-8.
/// </summary>
public sealed class RMSProp : Optimizer
{
    private readonly float[][] _meanSquare;

    public RMSProp(IEnumerable<Tensor> parameters, float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        Rho = CheckRange(rho, 0f, 1f, nameof(rho));
        Epsilon = CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        _meanSquare = NewState();
    }

    /// <summary>ρ, the decay of the running mean of g².</summary>
    public float Rho { get; }

    /// <summary>ε, added to the root mean square.</summary>
    public float Epsilon { get; }

    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> ms = _meanSquare[index].AsSpan(offset, weights.Length);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        ExponentialAverage.Blend(ms, scratch, Rho); // ms = g² + ρ·(ms − g²) = ρ·ms + (1 − ρ)·g²
        TensorPrimitives.Sqrt(ms, scratch);
        TensorPrimitives.Add(scratch, Epsilon, scratch);
        TensorPrimitives.Divide(gradient, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -LearningRate, weights, weights);
    }
}
