// Namespace "Initialization", not "Init": a namespace named Init would hide the Init class in every test of this project.
namespace DeepLearningCourse.Engine.Tests.Initialization;

public class InitTests
{
    private static (double Mean, double Variance) Moments(Tensor t)
    {
        double mean = t.Data.Average(v => (double)v);
        double variance = t.Data.Sum(v => (v - mean) * (v - mean)) / (t.Size - 1);
        return (mean, variance);
    }

    private static void AssertVariance(Tensor t, double expectedVariance)
    {
        var (mean, variance) = Moments(t);
        double std = Math.Sqrt(expectedVariance);
        Assert.True(Math.Abs(mean) < 0.02 * std * 5, $"mean {mean} too far from 0 (std {std})");
        Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.03, $"variance {variance} but expected {expectedVariance}");
    }

    [Fact]
    public void Fans_follow_dense_and_conv_conventions()
    {
        Assert.Equal((784, 256), Init.Fans([784, 256]));
        Assert.Equal((3 * 5 * 5, 16 * 5 * 5), Init.Fans([16, 3, 5, 5]));
        Assert.Equal((10, 10), Init.Fans([10]));
    }

    [Theory]
    [InlineData("LeCunUniform")]
    [InlineData("LeCunNormal")]
    [InlineData("GlorotUniform")]
    [InlineData("GlorotNormal")]
    [InlineData("HeUniform")]
    [InlineData("HeNormal")]
    public void Sample_variance_matches_the_formula_for_a_dense_weight(string name)
    {
        const int fanIn = 400, fanOut = 250;
        var random = new Random(1);
        (Tensor t, double variance) = name switch
        {
            "LeCunUniform" => (Init.LeCunUniform(random, fanIn, fanOut), 1.0 / fanIn),
            "LeCunNormal" => (Init.LeCunNormal(random, fanIn, fanOut), 1.0 / fanIn),
            "GlorotUniform" => (Init.GlorotUniform(random, fanIn, fanOut), 2.0 / (fanIn + fanOut)),
            "GlorotNormal" => (Init.GlorotNormal(random, fanIn, fanOut), 2.0 / (fanIn + fanOut)),
            "HeUniform" => (Init.HeUniform(random, fanIn, fanOut), 2.0 / fanIn),
            _ => (Init.HeNormal(random, fanIn, fanOut), 2.0 / fanIn),
        };
        Assert.Equal([fanIn, fanOut], t.Shape);
        AssertVariance(t, variance);
    }

    [Fact]
    public void Conv_weight_uses_in_times_kernel_area_as_fan_in()
    {
        // [out 64, in 8, 5, 5]: fan_in = 200, fan_out = 1600.
        var he = Init.HeNormal(new Random(2), 64, 8, 5, 5);
        AssertVariance(he, 2.0 / 200);
        var glorot = Init.GlorotUniform(new Random(3), 64, 8, 5, 5);
        AssertVariance(glorot, 2.0 / (200 + 1600));
        var heOut = Init.HeUniform(Tensor.Zeros(64, 8, 5, 5), new Random(4), FanMode.FanOut);
        AssertVariance(heOut, 2.0 / 1600);
    }

    [Fact]
    public void Uniform_stays_inside_its_limit_and_has_variance_limit_squared_over_three()
    {
        var t = Init.Uniform(new Random(5), 0.5f, 300, 300);
        Assert.All(t.Data, v => Assert.InRange(v, -0.5f, 0.5f));
        AssertVariance(t, 0.25 / 3);
        var he = Init.HeUniform(new Random(6), 100, 50);
        float bound = MathF.Sqrt(6f / 100);
        Assert.All(he.Data, v => Assert.InRange(v, -bound, bound));
        Assert.True(he.Data.Max() > 0.95f * bound);
    }

    [Fact]
    public void Normal_and_constant_fill_in_place()
    {
        var t = Tensor.Zeros(200, 300);
        Assert.Same(t, Init.Normal(t, new Random(7), 0.1f));
        AssertVariance(t, 0.01);
        Init.Constant(t, 0.25f);
        Assert.All(t.Data, v => Assert.Equal(0.25f, v));
        Init.Zeros(t);
        Assert.All(t.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Same_seed_gives_same_values()
    {
        Assert.Equal(Init.GlorotNormal(new Random(9), 5, 7).Data, Init.GlorotNormal(new Random(9), 5, 7).Data);
        Assert.NotEqual(Init.GlorotNormal(new Random(9), 5, 7).Data, Init.GlorotNormal(new Random(10), 5, 7).Data);
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    [InlineData(1, 7)]
    public void Orthogonal_has_orthonormal_columns_or_rows(int rows, int cols)
    {
        var w = Init.Orthogonal(new Random(11), rows, cols);
        bool columns = rows >= cols;
        int n = columns ? cols : rows, len = columns ? rows : cols;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int i = 0; i < len; i++)
                    dot += columns ? w[i, a] * w[i, b] : w[a, i] * w[b, i];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 5);
            }
        }
    }

    [Fact]
    public void Orthogonal_applies_gain_and_flattens_trailing_axes()
    {
        var w = Init.Orthogonal(Tensor.Zeros(4, 2, 3), new Random(12), gain: 2f);
        // Viewed as [4, 6]: rows orthogonal with squared norm gain² = 4.
        for (int r = 0; r < 4; r++)
        {
            double sq = 0;
            for (int c = 0; c < 6; c++) sq += w.Data[r * 6 + c] * w.Data[r * 6 + c];
            Assert.Equal(4.0, sq, 4);
        }
    }

    [Fact]
    public void Bad_shapes_name_the_initializer_and_shape()
    {
        var ex = Assert.Throws<ShapeException>(() => Init.Orthogonal(new Random(1), 5));
        Assert.Contains("Orthogonal", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[5]", ex.Message, StringComparison.Ordinal);
        var fan = Assert.Throws<ShapeException>(() => Init.HeNormal(new Random(1), 0, 3));
        Assert.Contains("[0, 3]", fan.Message, StringComparison.Ordinal);
    }
}
