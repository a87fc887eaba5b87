using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Plain gradient descent: w ← w − η·g. With the gradient of the loss on the whole training set this is batch
/// gradient descent, on one example stochastic gradient descent, on a mini-batch mini-batch SGD.
/// </summary>
public sealed class SGD(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float weightDecay = 0f)
    : Optimizer(parameters, learningRate, weightDecay)
{
    protected override void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch) =>
        TensorPrimitives.MultiplyAdd(gradient, -LearningRate, weights, weights);
}
