namespace DeepLearningCourse.Engine.Tests;

public class PackedColumnsTests
{
    public static TheoryData<string> Kernels => new() { "Vector512", "Vector256", "Scalar" };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Packed_segments_give_the_same_bits_as_Gemm_on_awkward_shapes(string kernelName)
    {
        var kernel = KernelOrSkip(kernelName);
        // k = 300 and 513 take two and three k blocks; n = 77 ends in a partial tile; m = 33 ends in an edge tile.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 17, 5), (32, 77, 128), (33, 64, 300), (14, 40, 513) })
        {
            foreach (bool transposed in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    float[] a = RandomValues(m + k, m * k), b = RandomValues(n + k, k * n), start = RandomValues(m * n, m * n);
                    float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
                    Gemm.Multiply(kernel, 1, a, b, expected, m, n, k, false, transposed, accumulate);
                    // Segments out of order and of uneven widths cover every column once.
                    var segments = SplitColumns(n);
                    using var packed = new PackedColumns(kernel, b, k, n, transposed, segments);
                    for (int s = packed.SegmentCount - 1; s >= 0; s--) packed.Multiply(a, m, actual, n, s, 1, accumulate);
                    Assert.Equal(expected, actual);
                }
            }
        }
    }

    [Fact]
    public void Packed_product_equals_the_reference_and_leaves_other_columns_alone()
    {
        const int m = 20, n = 96, k = 70;
        float[] a = RandomValues(1, m * k), b = RandomValues(2, k * n);
        var reference = new float[m * n];
        Gemm.Reference(a, b, reference, m, n, k);
        // Only the middle segment is computed: the columns around it keep their sentinel.
        using var packed = new PackedColumns(b, k, n, transposed: false, [(0, 31), (31, 40), (71, 25)]);
        var c = Enumerable.Repeat(-7f, m * n).ToArray();
        packed.Multiply(a, m, c, n, 1, 1, accumulate: false);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (j is >= 31 and < 71) Assert.Equal(reference[i * n + j], c[i * n + j], 3);
                else Assert.Equal(-7f, c[i * n + j]);
            }
        }
    }

    [Fact]
    public void Bad_segments_and_buffers_are_named_in_the_error()
    {
        var b = new float[12];
        var error = Assert.Throws<ArgumentException>(() => new PackedColumns(b, 3, 4, false, [(2, 3)]));
        Assert.Contains("segment 0 is columns [2, 5) but op(B) has 4 columns", error.Message, StringComparison.Ordinal);
        using var packed = new PackedColumns(b, 3, 4, false, [(0, 4)]);
        error = Assert.Throws<ArgumentException>(() => packed.Multiply(new float[5], 2, new float[8], 4, 0, 1, false));
        Assert.Contains("A has 5 values (needs [2, 3])", error.Message, StringComparison.Ordinal);
    }

    private static (int, int)[] SplitColumns(int n)
    {
        if (n < 3) return [(0, n)];
        int first = n / 3, second = n / 2;
        return [(0, first), (first, second - first), (second, n - second)];
    }

    private static GemmKernelKind KernelOrSkip(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernelKind>(kernelName);
        if (kernel == GemmKernelKind.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            Assert.Skip("Vector512 is not accelerated on this machine.");
        if (kernel == GemmKernelKind.Vector256 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            Assert.Skip("Vector256 is not accelerated on this machine.");
        return kernel;
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
