namespace DeepLearningCourse.Engine.Tests;

public class ConvKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 64, 3)]
    [InlineData(5, 65, 7)]
    [InlineData(16, 576, 25)]
    [InlineData(27, 130, 33)]
    [InlineData(3, 200, 1)]
    [InlineData(33, 17, 4)]
    [InlineData(27, 1024, 32)]
    [InlineData(6, 100, 9)]
    public void Multiply_equals_the_reference_gemm(int m, int n, int k)
    {
        var a = NodeTestKit.Random(1, -1, 1, m, k);
        var b = NodeTestKit.Random(2, -1, 1, k, n);
        var expected = new float[m * n];
        Gemm.Reference(a.Data, b.Data, expected, m, n, k);
        var actual = Enumerable.Repeat(float.NaN, m * n).ToArray(); // must be overwritten, not accumulated into
        ConvKernels.Multiply(a.Data, b.Data, actual, m, n, k);
        Assert.True(new Tensor(actual, m, n).AllClose(new Tensor(expected, m, n), 1e-5f));

        // With a per-row offset (the bias) every element of row i grows by offset[i].
        var offset = NodeTestKit.Random(4, -1, 1, m);
        ConvKernels.Multiply(a.Data, b.Data, actual, m, n, k, rowOffset: offset.Data);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Assert.Equal(expected[i * n + j] + offset.Data[i], actual[i * n + j], 1e-4f);
    }

    [Theory]
    [InlineData(1, 196, 8)]
    [InlineData(2, 196, 8)]
    [InlineData(3, 70, 5)]
    public void Fewer_than_four_rows_give_the_same_bits_as_the_rows_of_a_blocked_product(int m, int n, int k)
    {
        // The row-by-row path and the 4×64 blocks sum each element the same way (bias first, then one fused
        // multiply-add per step in order), so a layer with 2 filters gives what the first 2 of 4 would.
        var a = NodeTestKit.Random(5, -1, 1, 4, k);
        var b = NodeTestKit.Random(6, -1, 1, k, n);
        var offset = NodeTestKit.Random(7, -1, 1, 4);
        var blocked = new float[4 * n];
        ConvKernels.Multiply(a.Data, b.Data, blocked, 4, n, k, rowOffset: offset.Data);
        var rows = new float[m * n];
        ConvKernels.Multiply(a.Data.AsSpan(0, m * k), b.Data, rows, m, n, k, rowOffset: offset.Data.AsSpan(0, m));
        Assert.Equal(blocked.AsSpan(0, m * n).ToArray(), rows);
    }

    [Theory]
    [InlineData(2, 196, 8)]
    [InlineData(4, 196, 2)]
    [InlineData(1, 37, 3)]
    public void Dot_products_without_a_full_block_give_the_same_bits_as_a_blocks(int m, int n, int k)
    {
        // C [m, k] += A [m, n] · B [k, n]ᵀ with m or k below 4 against the same entries of a product made of 4×4 blocks.
        int mBlocked = Math.Max(4, m), kBlocked = Math.Max(4, k);
        var a = NodeTestKit.Random(8, -1, 1, mBlocked, n);
        var b = NodeTestKit.Random(9, -1, 1, kBlocked, n);
        var blocked = NodeTestKit.Random(10, -1, 1, mBlocked, kBlocked).ToArray();
        var start = new float[m * k];
        for (int i = 0; i < m; i++)
            for (int r = 0; r < k; r++) start[i * k + r] = blocked[i * kBlocked + r];
        ConvKernels.MultiplyByTransposeAdd(a.Data, b.Data, blocked, mBlocked, n, kBlocked);
        ConvKernels.MultiplyByTransposeAdd(a.Data.AsSpan(0, m * n), b.Data.AsSpan(0, k * n), start, m, n, k);
        for (int i = 0; i < m; i++)
            for (int r = 0; r < k; r++) Assert.Equal(blocked[i * kBlocked + r], start[i * k + r]);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 16, 4)]
    [InlineData(16, 576, 25)]
    [InlineData(5, 37, 9)]
    [InlineData(33, 1024, 27)]
    [InlineData(8, 15, 8)]
    [InlineData(32, 1024, 27)]
    [InlineData(6, 40, 7)]
    public void MultiplyByTransposeAdd_equals_the_reference_gemm_and_accumulates(int m, int n, int k)
    {
        var a = NodeTestKit.Random(1, -1, 1, m, n);
        var b = NodeTestKit.Random(2, -1, 1, k, n);
        var start = NodeTestKit.Random(3, -1, 1, m, k);
        var expected = start.ToArray();
        Gemm.Reference(a.Data, b.Data, expected, m, k, n, transposeB: true, accumulate: true);
        var actual = start.ToArray();
        ConvKernels.MultiplyByTransposeAdd(a.Data, b.Data, actual, m, n, k);
        Assert.True(new Tensor(actual, m, k).AllClose(new Tensor(expected, m, k), 1e-4f));
    }

    [Fact]
    public void Padded_row_strides_give_the_same_products()
    {
        int m = 8, n = 70, k = 5, stride = 80;
        var a = NodeTestKit.Random(1, -1, 1, m, k);
        var b = NodeTestKit.Random(2, -1, 1, k, n);
        var padded = new float[k * stride];
        for (int p = 0; p < k; p++) b.Data.AsSpan(p * n, n).CopyTo(padded.AsSpan(p * stride));
        var expected = new float[m * n];
        ConvKernels.Multiply(a.Data, b.Data, expected, m, n, k);
        var wide = new float[m * stride];
        ConvKernels.Multiply(a.Data, padded, wide, m, n, k, strideB: stride, strideC: stride);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Assert.Equal(expected[i * n + j], wide[i * stride + j]);

        var dots = new float[m * k];
        ConvKernels.MultiplyByTransposeAdd(expected, b.Data, dots, m, n, k);
        var dotsPadded = new float[m * k];
        ConvKernels.MultiplyByTransposeAdd(expected, padded, dotsPadded, m, n, k, strideB: stride);
        Assert.Equal(dots, dotsPadded);
    }
}
