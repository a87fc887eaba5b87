using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Plain gradient descent: w ← w − η·g. With the gradient of the loss on the whole training set this is batch
/// gradient descent, on one example stochastic gradient descent, on a mini-batch mini-batch SGD.
/// </summary>
public sealed class SGD(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float weightDecay = 0f)
    : Optimizer(parameters, learningRate, weightDecay)
{
    protected override unsafe void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        if (!ParallelRanges.WorthSplitting(weights.Length))
        {
            TensorPrimitives.MultiplyAdd(gradient, -LearningRate, weights, weights);
            return;
        }
        // Element-wise: long parameters are updated in ranges on the worker threads.
        fixed (float* w = weights, g = gradient)
        {
            ParallelRanges.Run(weights.Length, (W: (nint)w, G: (nint)g, Rate: -LearningRate), static (start, end, u) =>
            {
                var range = new Span<float>((float*)u.W + start, end - start);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>((float*)u.G + start, end - start), u.Rate, range, range);
            });
        }
    }
}
