namespace DeepLearningCourse.Engine.Tests;

/// <summary>The vectorized max-pooling paths against the one-window-at-a-time reference: same values, same arg-max.</summary>
[Collection(nameof(MaxPoolKernelTests))]
public class MaxPoolKernelTests
{
    /// <summary>Values from a few levels (many ties, as after ReLU), with NaN and −∞ sprinkled in when asked.</summary>
    private static Tensor Values(int seed, bool specials, params int[] shape)
    {
        var random = new Random(seed);
        int size = shape.Aggregate(1, (a, b) => a * b);
        var values = new float[size];
        for (int i = 0; i < size; i++)
        {
            values[i] = random.Next(4) == 0 ? 0f : random.Next(-3, 4) * 0.5f;
            if (specials && random.Next(40) == 0) values[i] = random.Next(2) == 0 ? float.NaN : float.NegativeInfinity;
        }
        return new Tensor(values, shape);
    }

    private static (float[] Y, float[] Dx) Run(Tensor x, int kernel, int stride, int padding, bool reference)
    {
        MaxPoolKernels.UseReference = reference;
        try
        {
            var node = new MaxPool2dNode(kernel, stride, padding);
            var y = node.Forward(x);
            var upstream = NodeTestKit.Random(99, -1, 1, y.Shape);
            return (y.ToArray(), node.Backward(upstream)[0]!.ToArray());
        }
        finally
        {
            MaxPoolKernels.UseReference = false;
        }
    }

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 1, 1)]
    [InlineData(2, 1, 0)]
    [InlineData(5, 1, 2)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 0)]
    public void Fast_paths_give_the_references_values_and_gradients_bit_for_bit(int kernel, int stride, int padding)
    {
        int seed = 0;
        foreach (int[] shape in new[] { new[] { 2, 3, 28, 28 }, [32, 8, 14, 14], [1, 2, 7, 7], [2, 1, 5, 9], [1, 1, 16, 33], [3, 2, 6, 20] })
        {
            foreach (bool specials in new[] { false, true })
            {
                if (shape[2] + 2 * padding < kernel || shape[3] + 2 * padding < kernel) continue;
                var x = Values(seed++, specials, shape);
                var (yReference, dxReference) = Run(x, kernel, stride, padding, reference: true);
                var (yFast, dxFast) = Run(x, kernel, stride, padding, reference: false);
                string where = $"kernel {kernel}, stride {stride}, padding {padding}, shape {Tensor.ShapeText(shape)}, specials {specials}";
                Assert.True(yReference.AsSpan().SequenceEqual(yFast), $"values differ: {where}");
                Assert.True(dxReference.AsSpan().SequenceEqual(dxFast), $"gradients differ: {where}");
            }
        }
    }
}
