using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Nesterov accelerated gradient, in the form PyTorch uses (<c>SGD(momentum=μ, nesterov=True)</c>):
/// v ← μ·v + g; w ← w − η·(g + μ·v). It equals evaluating the gradient at the look-ahead point w − η·μ·v
/// (Sutskever et al. 2013), rewritten so only the gradient at the current weights is needed.
/// </summary>
public sealed class Nesterov : Optimizer
{
    private readonly float[][] _velocity;

    public Nesterov(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float momentum = 0.9f, float weightDecay = 0f)
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
        TensorPrimitives.MultiplyAdd(v, MomentumCoefficient, gradient, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -LearningRate, weights, weights);
    }
}
