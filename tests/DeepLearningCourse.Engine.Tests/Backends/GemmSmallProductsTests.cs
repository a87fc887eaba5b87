namespace DeepLearningCourse.Engine.Tests;

/// <summary>Small products with 16–64 columns, unpacked, against the packed path: the same bits.</summary>
[Collection(nameof(GemmSmallProductsTests))]
public class GemmSmallProductsTests
{
    private static float[] Values(int seed, int length, bool specials)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
            if (specials && random.Next(50) == 0) values[i] = random.Next(3) switch { 0 => float.NaN, 1 => -0f, _ => 0f };
        }
        return values;
    }

    [Theory]
    [InlineData(600, 16, 16)]
    [InlineData(9, 2, 32)]
    [InlineData(1, 16, 64)]
    [InlineData(17, 33, 32)]
    [InlineData(5, 64, 16)]
    [InlineData(8, 1, 16)]
    public void Unpacked_small_products_give_the_packed_paths_bits(int m, int k, int n)
    {
        Assert.True(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 1, m, n, k, false, false, false, false, false) || !Vector512Available());
        foreach (bool specials in new[] { false, true })
        {
            var a = Values(m * 31 + k, m * k, specials);
            var b = Values(n * 17 + k, k * n, specials);
            var bias = Values(n, n, specials);
            foreach (bool relu in new[] { false, true })
            {
                foreach (bool withBias in new[] { false, true })
                {
                    var packed = Run(a, b, withBias ? bias : null, m, n, k, relu, pack: true);
                    var small = Run(a, b, withBias ? bias : null, m, n, k, relu, pack: false);
                    for (int i = 0; i < packed.Length; i++)
                        Assert.True(BitConverter.SingleToInt32Bits(packed[i]) == BitConverter.SingleToInt32Bits(small[i]),
                            $"[{m},{k}]·[{k},{n}], relu {relu}, bias {withBias}, specials {specials}: element {i} is {small[i]:R}, packed {packed[i]:R}");
                }
            }
        }
    }

    [Fact]
    public void Wider_products_with_longer_k_and_other_layouts_stay_packed()
    {
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 1, 128, 64, 64, false, false, false, false, false));
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 1, 128, 48, 32, false, false, false, false, false));
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 1, 600, 10, 16, false, false, false, false, false));
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 1, 600, 16, 16, true, false, false, false, false));
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector512, 2, 600, 16, 16, false, false, false, false, false));
        Assert.False(Gemm.MultipliesSmallRows(GemmKernelKind.Vector256, 1, 600, 16, 16, false, false, false, false, false));
    }

    private static bool Vector512Available() => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    private static float[] Run(float[] a, float[] b, float[]? bias, int m, int n, int k, bool relu, bool pack)
    {
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.PackSmallProducts = pack;
        try
        {
            Gemm.Multiply(GemmKernelKind.Vector512, 1, a, b, c, m, n, k, false, false, accumulate: false, bias ?? default(ReadOnlySpan<float>), relu);
        }
        finally
        {
            Gemm.PackSmallProducts = false;
        }
        return c;
    }
}
