namespace DeepLearningCourse.Engine.Tests;

public class PackedRightOperandTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 17, 5 }, { 17, 33, 65 }, { 16, 512, 128 }, { 16, 128, 512 }, { 33, 40, 300 }, { 150, 70, 257 },
        // Batch slices of 16–80 rows (8-row tails: 16, 48, 80 rows; 14-row tiles and a 4-row edge: 32, 64), several k blocks, a half-filled B sliver.
        { 32, 512, 160 }, { 48, 48, 600 }, { 64, 16, 1100 }, { 80, 32, 40 },
    };

    /// <summary>Bit for bit what Gemm's packed path gives (products this size skip the tiny direct loop).</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_equals_Gemm_bit_for_bit_for_every_kernel_transpose_and_accumulate(int m, int n, int k)
    {
        var a = NodeTestKit.Random(1, -1, 1, m, k).Data;
        var b = NodeTestKit.Random(2, -1, 1, k, n).Data;
        var start = NodeTestKit.Random(3, -1, 1, m, n).Data;
        foreach (var kernel in new[] { GemmKernelKind.Vector512, GemmKernelKind.Vector256, GemmKernelKind.Scalar })
        {
            if (kernel == GemmKernelKind.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) continue;
            if (kernel == GemmKernelKind.Vector256 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) continue;
            foreach (bool transposed in new[] { false, true })
            {
                // Stored [n, k] when transposed: the same op(B) values read the other way round.
                float[] stored = transposed ? Transpose(b, k, n) : b;
                var packed = new PackedRightOperand();
                packed.Pack(kernel, stored, k, n, transposed);
                foreach (bool accumulate in new[] { false, true })
                {
                    float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
                    Gemm.Multiply(kernel, 1, a, stored, expected, m, n, k, false, transposed, accumulate);
                    packed.Multiply(a, m, actual, accumulate);
                    Assert.Equal(expected, actual);
                    var reference = (float[])start.Clone();
                    Gemm.Reference(a, b, reference, m, n, k, accumulate: accumulate);
                    Assert.True(new Tensor(actual, m, n).AllClose(new Tensor(reference, m, n), 1e-4f), $"{kernel} m={m} n={n} k={k}");
                }
            }
        }
    }

    [Fact]
    public void Two_threads_can_multiply_by_one_packed_operand_at_once()
    {
        const int m = 40, n = 96, k = 64;
        var b = NodeTestKit.Random(4, -1, 1, k, n).Data;
        var packed = new PackedRightOperand();
        packed.Pack(GemmKernelKind.Scalar, b, k, n, transposed: false);
        float[][] inputs = [NodeTestKit.Random(5, -1, 1, m, k).Data, NodeTestKit.Random(6, -1, 1, m, k).Data];
        var results = new float[2][];
        Parallel.For(0, 2, i =>
        {
            results[i] = new float[m * n];
            for (int repeat = 0; repeat < 50; repeat++) packed.Multiply(inputs[i], m, results[i], accumulate: false);
        });
        for (int i = 0; i < 2; i++)
        {
            var expected = new float[m * n];
            Gemm.Multiply(GemmKernelKind.Scalar, 1, inputs[i], b, expected, m, n, k, false, false, false);
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public void Wrong_sizes_name_the_operand_and_the_expected_shapes()
    {
        var packed = new PackedRightOperand();
        var noValues = Assert.Throws<ArgumentException>(() => packed.Pack(GemmKernelKind.Scalar, new float[5], 2, 3, false));
        Assert.Contains("op(B) is [2, 3]", noValues.Message, StringComparison.Ordinal);
        var unpacked = Assert.Throws<InvalidOperationException>(() => packed.Multiply(new float[4], 2, new float[6], false));
        Assert.Contains("nothing has been packed", unpacked.Message, StringComparison.Ordinal);
        packed.Pack(GemmKernelKind.Scalar, new float[6], 2, 3, false);
        var shortC = Assert.Throws<ArgumentException>(() => packed.Multiply(new float[4], 2, new float[5], false));
        Assert.Contains("C [2, 3]", shortC.Message, StringComparison.Ordinal);
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[c * rows + r] = values[r * columns + c];
        return result;
    }
}
