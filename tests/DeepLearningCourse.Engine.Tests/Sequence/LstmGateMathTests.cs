namespace DeepLearningCourse.Engine.Tests;

public class LstmGateMathTests
{
    [Theory]
    [InlineData(19, 0, 19)]  // a SIMD vector and a scalar remainder
    [InlineData(40, 7, 33)]  // a unit range in the middle (one core's share)
    [InlineData(3, 0, 3)]
    public void Forward_equals_the_lstm_equations_in_double_and_touches_only_its_units(int hidden, int start, int end)
    {
        var random = new Random(hidden);
        float[] z = Values(random, 4 * hidden, 4), bias = Values(random, 4 * hidden, 1), cPrev = Values(random, hidden, 2);
        float[] c = Filled(hidden), tanhC = Filled(hidden), h = Filled(hidden), zIn = (float[])z.Clone();
        LstmGateMath.Forward(z, bias, cPrev, c, tanhC, h, start, end);
        for (int j = 0; j < hidden; j++)
        {
            if (j < start || j >= end)
            {
                Assert.Equal(-9f, h[j]);
                Assert.Equal(zIn[j], z[j]);
                continue;
            }
            double i = Sigmoid(zIn[j] + bias[j]), f = Sigmoid(zIn[hidden + j] + bias[hidden + j]);
            double g = Math.Tanh(zIn[2 * hidden + j] + bias[2 * hidden + j]), o = Sigmoid(zIn[3 * hidden + j] + bias[3 * hidden + j]);
            double cj = f * cPrev[j] + i * g;
            Near(i, z[j]);
            Near(g, z[2 * hidden + j]);
            Near(cj, c[j]);
            Near(Math.Tanh(cj), tanhC[j]);
            Near(o * Math.Tanh(cj), h[j]);
        }
    }

    [Fact]
    public void Forward_saturates_to_exact_limits_for_huge_pre_activations()
    {
        const int hidden = 16;
        float[] z = [.. Enumerable.Repeat(200f, 2 * hidden), .. Enumerable.Repeat(-200f, 2 * hidden)];
        float[] c = new float[hidden], tanhC = new float[hidden], h = new float[hidden];
        LstmGateMath.Forward(z, new float[4 * hidden], new float[hidden], c, tanhC, h, 0, hidden);
        Assert.All(z[..hidden], v => Assert.Equal(1f, v));            // σ(200)
        Assert.All(z[(2 * hidden)..(3 * hidden)], v => Assert.Equal(-1f, v)); // tanh(−200)
        Assert.All(z[(3 * hidden)..], v => Assert.Equal(0f, v));      // σ(−200)
        Assert.All(h, v => Assert.False(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(19, 0, 19)]
    [InlineData(40, 9, 31)]
    public void Backward_equals_the_lstm_derivatives_in_double(int hidden, int start, int end)
    {
        var random = new Random(hidden + 1);
        float[] gates = Values(random, 4 * hidden, 1), tanhC = Values(random, hidden, 1), cPrev = Values(random, hidden, 2);
        float[] dh = Values(random, hidden, 1), dc = Values(random, hidden, 1), dcIn = (float[])dc.Clone();
        float[] dz = Filled(4 * hidden);
        for (int j = 0; j < 4 * hidden; j++) gates[j] = (gates[j] + 1) / 2; // activations in (0, 1)
        LstmGateMath.Backward(gates, tanhC, cPrev, dh, dc, dz, start, end);
        for (int j = 0; j < hidden; j++)
        {
            if (j < start || j >= end)
            {
                Assert.Equal(-9f, dz[j]);
                Assert.Equal(dcIn[j], dc[j]);
                continue;
            }
            double i = gates[j], f = gates[hidden + j], g = gates[2 * hidden + j], o = gates[3 * hidden + j], tc = tanhC[j];
            double dcTotal = dcIn[j] + dh[j] * o * (1 - tc * tc);
            Near(dcTotal * g * i * (1 - i), dz[j]);
            Near(dcTotal * cPrev[j] * f * (1 - f), dz[hidden + j]);
            Near(dcTotal * i * (1 - g * g), dz[2 * hidden + j]);
            Near(dh[j] * tc * o * (1 - o), dz[3 * hidden + j]);
            Near(dcTotal * f, dc[j]);
        }
    }

    [Fact]
    public void Mismatched_rows_are_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => LstmGateMath.Forward(new float[12], new float[16], new float[4], new float[4], new float[4], new float[4], 0, 4));
        Assert.Contains("gate rows must be 4·hidden = 16 (got 12 and 16)", error.Message, StringComparison.Ordinal);
    }

    private static void Near(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 2e-6 * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static float[] Values(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();

    private static float[] Filled(int count) => Enumerable.Repeat(-9f, count).ToArray();
}
