namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Gemm.Affine (C = A · B + bias, then ReLU, applied block by block inside the product) against the unfused form it
/// replaces: bias rows, Multiply with accumulate, then ReLU. They must agree bit for bit.
/// </summary>
public class GemmAffineTests
{
    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Affine_equals_bias_rows_then_Multiply_then_ReLU_bit_for_bit(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        // One and several k blocks (784 = 392 + 392, 1100 = 367 + 367 + 366), edge tiles, more rows than one A block.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 7, 9), (17, 33, 65), (128, 10, 256), (70, 45, 784), (300, 40, 1100), (3, 130, 20) })
        {
            foreach (int parts in new[] { 1, 2, 3 })
            {
                foreach (bool withBias in new[] { false, true })
                {
                    foreach (bool relu in new[] { false, true })
                    {
                        var (a, b, bias) = (RandomValues(m + k, m * k), RandomValues(n + k, k * n), withBias ? RandomValues(n, n) : []);
                        float[] expected = Unfused(kernel, parts, a, b, bias, m, n, k, relu);
                        var actual = RandomValues(7, m * n); // stale contents must not leak into the result
                        Gemm.Multiply(kernel, parts, a, b, actual, m, n, k, false, false, false, bias, relu);
                        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{kernel}, {parts} parts, m={m} n={n} k={k}, bias {withBias}, ReLU {relu}: fused and unfused differ");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 3, 4)]        // the direct loop for tiny products
    [InlineData(128, 256, 784)]  // the MLP's first layer: two k blocks, split between the cores
    [InlineData(4, 5, 0)]        // no steps of k: C is the bias
    public void Public_Affine_equals_the_unfused_engine_path(int m, int n, int k)
    {
        var (a, b, bias) = (RandomValues(1, m * k), RandomValues(2, k * n), RandomValues(3, n));
        var expected = new float[m * n];
        for (int r = 0; r < m; r++) bias.CopyTo(expected, r * n);
        Gemm.Multiply(a, b, expected, m, n, k, accumulate: true);
        ReluNode.Rectify(expected, expected);
        var actual = new float[m * n];
        Gemm.Affine(a, b, bias, actual, m, n, k, relu: true);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, v => v == 0f);
        Assert.Contains(actual, v => v > 0f);
    }

    [Fact]
    public void Affine_propagates_NaN_through_ReLU()
    {
        var a = new[] { float.NaN, 1f };
        var b = new[] { 1f, 1f };
        var c = new float[1];
        Gemm.Affine(a, b, [0f], c, 1, 1, 2, relu: true);
        Assert.True(float.IsNaN(c[0]), "a NaN must stay visible after ReLU, not turn into 0");
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_rejected_with_both_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.Affine(new float[6], new float[12], new float[3], new float[8], 2, 4, 3));
        Assert.Contains("3 values", error.Message);
        Assert.Contains("4 columns", error.Message);
    }

    [Fact]
    public void An_epilogue_with_accumulate_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(GemmKernelKind.Scalar, 1, new float[4], new float[4], new float[4], 2, 2, 2, false, false, true, new float[2], false));
    }

    private static float[] Unfused(GemmKernelKind kernel, int parts, float[] a, float[] b, float[] bias, int m, int n, int k, bool relu)
    {
        var c = new float[m * n];
        if (bias.Length > 0)
        {
            for (int r = 0; r < m; r++) bias.CopyTo(c, r * n);
        }
        Gemm.Multiply(kernel, parts, a, b, c, m, n, k, false, false, accumulate: bias.Length > 0);
        if (relu) ReluNode.Rectify(c, c);
        return c;
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
