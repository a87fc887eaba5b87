using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// SGD with (heavy-ball) momentum μ: v ← μ·v + g; w ← w − η·v (v starts at 0).
/// This is PyTorch's form (<c>SGD(momentum=μ)</c>); the textbook form v ← μ·v − η·g; w ← w + v gives the same
/// steps while η is constant. Along a direction where g stays the same the step grows to η·g/(1 − μ).
/// </summary>
public sealed class Momentum : Optimizer
{
    private readonly float[][] _velocity;

    public Momentum(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float momentum = 0.9f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        MomentumCoefficient = CheckRange(momentum, 0f, 1f, nameof(momentum));
        _velocity = NewState();
    }

    /// <summary>μ, the fraction of the previous velocity kept each step.</summary>
    public float MomentumCoefficient { get; }

    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> v = _velocity[index].AsSpan(offset, weights.Length);
        TensorPrimitives.MultiplyAdd(v, MomentumCoefficient, gradient, v);
        TensorPrimitives.MultiplyAdd(v, -LearningRate, weights, weights);
    }
}
