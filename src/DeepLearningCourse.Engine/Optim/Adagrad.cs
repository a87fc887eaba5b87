using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Adagrad (Duchi et al. 2011): G ← G + g²; w ← w − η·g / (√G + ε), element-wise, G starting at 0.
/// Each weight gets its own step size, which shrinks as its squared gradients add up; good for sparse features,
/// but the step size only ever decreases, so long runs slow down.
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly float[][] _sumOfSquares;

    public Adagrad(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float epsilon = 1e-10f, float weightDecay = 0f)
        : base(parameters, learningRate, weightDecay)
    {
        Epsilon = CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        _sumOfSquares = NewState();
    }

    /// <summary>ε, added to √G so the first step is finite.</summary>
    public float Epsilon { get; }

    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        Span<float> sum = _sumOfSquares[index].AsSpan(offset, weights.Length);
        TensorPrimitives.MultiplyAdd(gradient, gradient, sum, sum);
        TensorPrimitives.Sqrt(sum, scratch);
        TensorPrimitives.Add(scratch, Epsilon, scratch);
        TensorPrimitives.Divide(gradient, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -LearningRate, weights, weights);
    }
}
