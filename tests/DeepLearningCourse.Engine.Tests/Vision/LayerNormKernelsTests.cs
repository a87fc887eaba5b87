namespace DeepLearningCourse.Engine.Tests;

public class LayerNormKernelsTests
{
    private static float[] Values(int seed, int length, float offset = 0)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = offset + (float)(random.NextDouble() * 4 - 2);
        return x;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance * MathF.Max(1, MathF.Abs(expected[i])),
                $"{what}[{i}] = {actual[i]}, reference {expected[i]}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(17, 3)]
    [InlineData(33, 64)]
    [InlineData(2048, 64)]  // the transformer benchmark's shape: split between threads
    [InlineData(1000, 100)] // rows not a multiple of the block size
    public void Fast_path_equals_the_reference(int rows, int d)
    {
        float[] x = Values(1, rows * d, offset: 3), gamma = Values(2, d), beta = Values(3, d), dy = Values(4, rows * d);
        var expected = (XHat: new float[rows * d], Inv: new float[rows], Y: new float[rows * d]);
        var actual = (Mean: new float[rows], Inv: new float[rows], Y: new float[rows * d]);
        LayerNormKernels.ReferenceForward(x, gamma, beta, 1e-5f, d, expected.XHat, expected.Inv, expected.Y);
        LayerNormKernels.Forward(x, gamma, beta, 1e-5f, d, actual.Mean, actual.Inv, actual.Y);
        var expectedMean = new float[rows];
        for (int r = 0; r < rows; r++) expectedMean[r] = (float)x.AsSpan(r * d, d).ToArray().Average(v => (double)v);
        AssertClose(expectedMean, actual.Mean, 2e-6f, "μ");
        AssertClose(expected.Inv, actual.Inv, 2e-5f, "1/σ");
        AssertClose(expected.Y, actual.Y, 2e-5f, "y");

        var expectedGrads = (Dx: new float[rows * d], DGamma: new float[d], DBeta: new float[d]);
        var actualGrads = (Dx: new float[rows * d], DGamma: new float[d], DBeta: new float[d]);
        LayerNormKernels.ReferenceBackward(expected.XHat, expected.Inv, gamma, dy, d, expectedGrads.Dx, expectedGrads.DGamma, expectedGrads.DBeta);
        LayerNormKernels.Backward(x, actual.Mean, actual.Inv, gamma, dy, d, actualGrads.Dx, actualGrads.DGamma, actualGrads.DBeta);
        AssertClose(expectedGrads.Dx, actualGrads.Dx, 1e-4f, "dx");
        // dγ and dβ sum over up to 2048 rows in a different order: relative to the sum of magnitudes.
        AssertClose(expectedGrads.DGamma, actualGrads.DGamma, 1e-5f * rows, "dγ");
        AssertClose(expectedGrads.DBeta, actualGrads.DBeta, 1e-5f * rows, "dβ");
    }

    [Fact]
    public void Rows_do_not_depend_on_which_range_or_thread_computes_them_and_runs_repeat_bit_for_bit()
    {
        const int rows = 2048, d = 64, half = 1024;
        float[] x = Values(5, rows * d), gamma = Values(6, d), beta = Values(7, d), dy = Values(8, rows * d);
        (float[] Mean, float[] Inv, float[] Y, float[] Dx, float[] DGamma, float[] DBeta) Run(float[] xs, float[] dys)
        {
            int n = xs.Length / d;
            var r = (Mean: new float[n], Inv: new float[n], Y: new float[xs.Length], Dx: new float[xs.Length], DGamma: new float[d], DBeta: new float[d]);
            LayerNormKernels.Forward(xs, gamma, beta, 1e-5f, d, r.Mean, r.Inv, r.Y);
            LayerNormKernels.Backward(xs, r.Mean, r.Inv, gamma, dys, d, r.Dx, r.DGamma, r.DBeta);
            return r;
        }
        var whole = Run(x, dy);
        var again = Run(x, dy);
        Assert.Equal(whole.DGamma, again.DGamma);
        Assert.Equal(whole.DBeta, again.DBeta);
        Assert.Equal(whole.Dx, again.Dx);
        var secondHalf = Run(x[(half * d)..], dy[(half * d)..]); // too short to split: one thread
        Assert.Equal(whole.Y[(half * d)..], secondHalf.Y);
        Assert.Equal(whole.Inv[half..], secondHalf.Inv);
        Assert.Equal(whole.Dx[(half * d)..], secondHalf.Dx);
    }

    [Fact]
    public void Node_on_the_threaded_path_passes_the_gradient_check()
    {
        // 600 rows of 64: long enough for the threaded fast path; rows are independent, so a few rows of x suffice
        // for the centred differences, while dγ and dβ are checked over all of them.
        var x = NodeTestKit.Random(9, -2, 2, 600, 64);
        var gamma = NodeTestKit.Random(10, 0.5f, 1.5f, 64);
        var beta = NodeTestKit.Random(11, -1, 1, 64);
        NodeTestKit.AssertGradientsMatch(() => new LayerNormNode(), [x, gamma, beta], skipInputs: [0]);
        NodeTestKit.AssertGradientsMatch(() => new LayerNormNode(), [NodeTestKit.Random(12, -2, 2, 3, 64), gamma, beta]);
    }
}
