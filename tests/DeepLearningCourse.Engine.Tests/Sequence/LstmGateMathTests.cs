namespace DeepLearningCourse.Engine.Tests;

public class LstmGateMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(128)]
    public void Single_pass_forward_equals_the_reference_including_saturated_gates(int hidden)
    {
        var z = NodeTestKit.Random(hidden, -8, 8, 4 * hidden).Data;
        // Saturation: e^{2v} overflows or underflows here; σ and tanh must still end exactly at their limits.
        float[] extremes = [-100f, 100f, -30f, 30f, 0f, 1e-4f];
        for (int k = 0; k < extremes.Length && 7 * k < z.Length; k++) z[7 * k] = extremes[k];
        var cPrev = NodeTestKit.Random(hidden + 1, -3, 3, hidden).Data;
        var bias = NodeTestKit.Random(hidden + 2, -1, 1, 4 * hidden).Data;
        bias[0] = 0; // keeps the first saturating value at -100
        float[] fastZ = (float[])z.Clone(), fastC = new float[hidden], fastTanh = new float[hidden], fastH = new float[hidden];
        float[] refZ = (float[])z.Clone(), refC = new float[hidden], refTanh = new float[hidden], refH = new float[hidden];
        LstmGateMath.Forward(fastZ, bias, cPrev, fastC, fastTanh, fastH);
        LstmGateMath.ForwardReference(refZ, bias, cPrev, refC, refTanh, refH);
        AssertClose(refZ, fastZ, "gates");
        AssertClose(refC, fastC, "c");
        AssertClose(refTanh, fastTanh, "tanh(c)");
        AssertClose(refH, fastH, "h");
        Assert.All(fastZ, v => Assert.InRange(v, -1f, 1f));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(128)]
    public void Tanh_gives_the_same_bits_as_the_forward_pass_for_the_cell(int hidden)
    {
        // Backward forms tanh(c_t) again instead of keeping it; it must be exactly the value the forward used for h_t.
        var z = NodeTestKit.Random(3, -6, 6, 4 * hidden).Data;
        var cPrev = NodeTestKit.Random(4, -20, 20, hidden).Data;
        float[] c = new float[hidden], tanhC = new float[hidden], h = new float[hidden], again = new float[hidden];
        LstmGateMath.Forward(z, NodeTestKit.Random(5, -1, 1, 4 * hidden).Data, cPrev, c, tanhC, h);
        LstmGateMath.Tanh(c, again);
        Assert.Equal(tanhC, again);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(128)]
    public void Backward_gives_the_bits_of_the_formulas_one_unit_at_a_time(int hidden)
    {
        var gates = NodeTestKit.Random(11, 0, 1, 4 * hidden).Data;
        var tanhC = NodeTestKit.Random(12, -1, 1, hidden).Data;
        var cPrev = NodeTestKit.Random(13, -2, 2, hidden).Data;
        var dh = NodeTestKit.Random(14, -1, 1, hidden).Data;
        var dcIn = NodeTestKit.Random(15, -1, 1, hidden).Data;
        float[] dc = (float[])dcIn.Clone(), dz = new float[4 * hidden];

        LstmGateMath.Backward(gates, tanhC, cPrev, dh, dc, dz);

        for (int j = 0; j < hidden; j++)
        {
            float i = gates[j], f = gates[hidden + j], g = gates[2 * hidden + j], o = gates[3 * hidden + j], tc = tanhC[j];
            float dcj = dcIn[j] + dh[j] * o * (1f - tc * tc);
            Assert.Equal(dcj * g * i * (1f - i), dz[j]);
            Assert.Equal(dcj * cPrev[j] * f * (1f - f), dz[hidden + j]);
            Assert.Equal(dcj * i * (1f - g * g), dz[2 * hidden + j]);
            Assert.Equal(dh[j] * tc * o * (1f - o), dz[3 * hidden + j]);
            Assert.Equal(dcj * f, dc[j]);
        }
    }

    [Fact]
    public void Forward_names_the_expected_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => LstmGateMath.Forward(new float[10], new float[12], new float[3], new float[3], new float[3], new float[3]));
        Assert.Contains("4·hidden = 12", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => LstmGateMath.Forward(new float[12], new float[10], new float[3], new float[3], new float[3], new float[3]));
        Assert.Contains("z and the bias have 12 and 10 values", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"{what}[{i}]: reference {expected[i]}, single pass {actual[i]}");
    }
}
