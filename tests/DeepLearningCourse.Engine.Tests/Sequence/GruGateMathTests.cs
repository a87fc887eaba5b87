namespace DeepLearningCourse.Engine.Tests;

public class GruGateMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(128)]
    public void Sixteen_units_at_a_time_gives_the_bits_of_one_at_a_time(int hidden)
    {
        var r = NodeTestKit.Random(1, 0, 1, hidden).Data;
        var z = NodeTestKit.Random(2, 0, 1, hidden).Data;
        var n = NodeTestKit.Random(3, -1, 1, hidden).Data;
        var hn = NodeTestKit.Random(4, -3, 3, hidden).Data;
        var hPrevious = NodeTestKit.Random(5, -1, 1, hidden).Data;
        var g = NodeTestKit.Random(6, -2, 2, hidden).Data;
        float[] fastDirect = new float[hidden], fastInput = new float[3 * hidden], fastHidden = new float[3 * hidden];
        float[] refDirect = new float[hidden], refInput = new float[3 * hidden], refHidden = new float[3 * hidden];

        GruGateMath.Backward(r, z, n, hn, hPrevious, g, fastDirect, fastInput, fastHidden);
        GruGateMath.BackwardReference(r, z, n, hn, hPrevious, g, refDirect, refInput, refHidden);

        Assert.Equal(refDirect, fastDirect);
        Assert.Equal(refInput, fastInput);
        Assert.Equal(refHidden, fastHidden);
        // One known value: unit 0's candidate gradient dn(1 − n²) with dn = g(1 − z).
        Assert.Equal(g[0] * (1f - z[0]) * (1f - n[0] * n[0]), refInput[2 * hidden]);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(128)]
    public void Forward_pieces_give_the_bits_of_the_formulas_one_unit_at_a_time(int hidden)
    {
        var xp = NodeTestKit.Random(21, -2, 2, 3 * hidden).Data;
        var hp = NodeTestKit.Random(22, -2, 2, 3 * hidden).Data;
        var bias = NodeTestKit.Random(23, -1, 1, 3 * hidden).Data;
        float[] reset = new float[hidden], update = new float[hidden], hn = new float[hidden], candidate = new float[hidden], h = new float[hidden];
        var hPrevious = NodeTestKit.Random(24, -1, 1, hidden).Data;

        GruGateMath.PreActivations(xp, hp, bias, reset, update, hn);
        GruGateMath.CandidatePreActivation(reset, hn, xp.AsSpan(2 * hidden, hidden), candidate);
        GruGateMath.NextHidden(update, hPrevious, candidate, h);

        for (int j = 0; j < hidden; j++)
        {
            Assert.Equal(xp[j] + (hp[j] + bias[j]), reset[j]);
            Assert.Equal(xp[hidden + j] + (hp[hidden + j] + bias[hidden + j]), update[j]);
            Assert.Equal(hp[2 * hidden + j] + bias[2 * hidden + j], hn[j]);
            Assert.Equal(reset[j] * hn[j] + xp[2 * hidden + j], candidate[j]);
            Assert.Equal(update[j] * (hPrevious[j] - candidate[j]) + candidate[j], h[j]);
        }
    }

    [Fact]
    public void Backward_names_the_expected_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => GruGateMath.Backward(new float[4], new float[4], new float[4], new float[4], new float[4], new float[4],
            new float[4], new float[12], new float[11]));
        Assert.Contains("3·hidden = 12 (have 12, 11)", ex.Message, StringComparison.Ordinal);
    }
}
