namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Gemm.MultiplySummingB (dW = op(A) · B with db = Σ rows of B summed while B is packed) against Multiply and a plain
/// row-by-row sum: the product the same, the sums bit for bit.
/// </summary>
public class GemmColumnSumsTests
{
    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Column_sums_equal_adding_the_rows_in_order_for_every_partition(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        // Column splits (n wide) and row splits (m tall), one and several k blocks (1600 = 4 × 400), edge tiles.
        foreach (var (m, n, k) in new[] { (3, 5, 7), (784, 256, 128), (128, 512, 1600), (300, 20, 600), (20, 300, 45) })
        {
            foreach (int parts in new[] { 1, 2, 3 })
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    var (a, b) = (RandomValues(m + k, m * k), RandomValues(n + k, k * n));
                    var expectedProduct = new float[m * n];
                    Gemm.Multiply(kernel, parts, a, b, expectedProduct, m, n, k, transposeA, false, false);
                    var expectedSums = new float[n];
                    for (int p = 0; p < k; p++)
                    {
                        for (int j = 0; j < n; j++) expectedSums[j] += b[p * n + j];
                    }
                    var (product, sums) = (RandomValues(1, m * n), RandomValues(2, n)); // stale contents must not leak in
                    Gemm.Multiply(kernel, parts, a, b, product, m, n, k, transposeA, false, false, columnSumsOfB: sums);
                    string context = $"{kernel}, {parts} parts, m={m} n={n} k={k}, transposeA {transposeA}";
                    Assert.True(expectedProduct.AsSpan().SequenceEqual(product), context + ": the product changed");
                    Assert.True(expectedSums.AsSpan().SequenceEqual(sums), context + ": the column sums differ from adding the rows in order");
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 3, 4)]     // the direct loop
    [InlineData(256, 10, 128)] // the MLP's output layer
    [InlineData(0, 4, 5)]     // no rows of C: the sums are still B's
    public void Public_MultiplySummingB_gives_the_product_and_the_sums(int m, int n, int k)
    {
        var (a, b) = (RandomValues(3, m * k), RandomValues(4, k * n));
        var expected = new float[m * n];
        Gemm.Multiply(a, b, expected, m, n, k, transposeA: true);
        var expectedSums = new float[n];
        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++) expectedSums[j] += b[p * n + j];
        }
        var (product, sums) = (new float[m * n], new float[n]);
        Gemm.MultiplySummingB(a, b, product, m, n, k, sums, transposeA: true);
        Assert.Equal(expected, product);
        Assert.Equal(expectedSums, sums);
    }

    [Fact]
    public void Sums_of_the_wrong_length_are_rejected_with_both_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.MultiplySummingB(new float[6], new float[12], new float[8], 2, 4, 3, new float[3]));
        Assert.Contains("3 values", error.Message);
        Assert.Contains("4 columns", error.Message);
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
