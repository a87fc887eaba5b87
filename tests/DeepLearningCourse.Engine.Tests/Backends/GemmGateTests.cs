namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// A ReLU gate applied while an operand is packed (<see cref="GemmGate"/>) against the gated operand written out
/// first with <see cref="ReluNode.GateByPositive"/>: the products, and the column sums taken while B is packed, must
/// agree bit for bit.
/// </summary>
public class GemmGateTests
{
    // Tiny (the direct loop), edge tiles, one and two k blocks (784: split over k on two cores), three k blocks.
    private static readonly (int M, int N, int K)[] Shapes = [(2, 3, 4), (5, 7, 9), (17, 33, 65), (128, 256, 20), (70, 45, 784), (30, 40, 1100)];

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void A_gate_on_A_equals_multiplying_the_gated_A(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (int parts in new[] { 1, 2, 3 })
                {
                    var (dy, y, w) = (RandomValues(m, m * k), RandomValues(k, m * k), RandomValues(n, k * n));
                    var expected = new float[m * n];
                    Gemm.Multiply(kernel, parts, GatedCopy(dy, y), w, expected, m, n, k, false, transposeB, false);
                    var actual = RandomValues(3, m * n); // stale contents must not leak into the result
                    Gemm.Multiply(kernel, parts, dy, w, actual, m, n, k, false, transposeB, false, gate: new GemmGate(y, GatedOperand.A));
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{kernel}, {parts} parts, m={m} n={n} k={k}, transposeB {transposeB}: gated A differs");
                }
            }
        }
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void A_gate_on_B_equals_multiplying_the_gated_B_and_its_column_sums(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (int parts in new[] { 1, 2, 3 })
                {
                    var (x, dy, y) = (RandomValues(m, m * k), RandomValues(k, k * n), RandomValues(n, k * n));
                    var (expected, expectedSums) = (new float[m * n], new float[n]);
                    Gemm.Multiply(kernel, parts, x, GatedCopy(dy, y), expected, m, n, k, transposeA, false, false, columnSumsOfB: expectedSums);
                    var (actual, actualSums) = (RandomValues(3, m * n), RandomValues(4, n));
                    Gemm.Multiply(kernel, parts, x, dy, actual, m, n, k, transposeA, false, false, columnSumsOfB: actualSums, gate: new GemmGate(y, GatedOperand.B));
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{kernel}, {parts} parts, m={m} n={n} k={k}, transposeA {transposeA}: gated B differs");
                    Assert.True(expectedSums.AsSpan().SequenceEqual(actualSums), $"{kernel}, {parts} parts, m={m} n={n} k={k}: column sums of the gated B differ");
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 3, 4)]        // the direct loop
    [InlineData(128, 256, 256)]  // the MLP's second layer, split between the cores
    [InlineData(784, 256, 128)]  // the MLP's first-layer weight gradient
    public void The_engine_entry_points_equal_the_public_products_on_gated_copies(int m, int n, int k)
    {
        var (dy, y, w) = (RandomValues(1, m * k), RandomValues(2, m * k), RandomValues(3, n * k));
        var expected = new float[m * n];
        Gemm.Multiply(GatedCopy(dy, y), w, expected, m, n, k, transposeB: true);
        var actual = new float[m * n];
        Gemm.MultiplyGated(dy, w, actual, m, n, k, false, true, new GemmGate(y, GatedOperand.A));
        Assert.Equal(expected, actual);

        var (x, g, h) = (RandomValues(4, k * m), RandomValues(5, k * n), RandomValues(6, k * n));
        var (expectedW, expectedB) = (new float[m * n], new float[n]);
        Gemm.MultiplySummingB(x, GatedCopy(g, h), expectedW, m, n, k, expectedB, transposeA: true);
        var (actualW, actualB) = (new float[m * n], new float[n]);
        Gemm.MultiplySummingGatedB(x, g, actualW, m, n, k, actualB, transposeA: true, h);
        Assert.Equal(expectedW, actualW);
        Assert.Equal(expectedB, actualB);
    }

    [Fact]
    public void A_NaN_gate_closes_and_a_NaN_through_an_open_gate_stays_visible()
    {
        const int m = 20, n = 33, k = 40; // packed path
        var (dy, y, w) = (RandomValues(1, m * k), RandomValues(2, m * k), RandomValues(3, k * n));
        y[0] = float.NaN;        // closed, like ReLU's derivative at a NaN input: dy[0] must not reach C
        dy[0] = float.NaN;
        y[k + 1] = 1f;           // open: the NaN in dy must reach row 1 of C
        dy[k + 1] = float.NaN;
        var c = new float[m * n];
        Gemm.MultiplyGated(dy, w, c, m, n, k, false, false, new GemmGate(y, GatedOperand.A));
        Assert.All(c.AsSpan(0, n).ToArray(), v => Assert.False(float.IsNaN(v)));
        Assert.All(c.AsSpan(n, n).ToArray(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void A_gate_on_a_transposed_operand_or_of_the_wrong_length_is_rejected()
    {
        var transposed = Assert.Throws<ArgumentException>(() => Gemm.MultiplyGated(new float[600], new float[600], new float[400], 20, 20, 30, true, false, new GemmGate(new float[600], GatedOperand.A)));
        Assert.Contains("untransposed", transposed.Message);
        var shortGate = Assert.Throws<ArgumentException>(() => Gemm.MultiplyGated(new float[600], new float[600], new float[400], 20, 20, 30, false, false, new GemmGate(new float[599], GatedOperand.B)));
        Assert.Contains("599", shortGate.Message);
    }

    private static float[] GatedCopy(float[] values, float[] gate)
    {
        var gated = new float[values.Length];
        ReluNode.GateByPositive(gate, values, gated);
        return gated;
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
