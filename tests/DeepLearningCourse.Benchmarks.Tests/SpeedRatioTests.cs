namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class SpeedRatioTests
{
    [Fact]
    public void For_times_the_ratio_is_peer_time_over_ours()
    {
        Assert.Equal(2.0, SpeedRatio.Of(0.5, "ms", 1.0, "ms"), 12);
        Assert.Equal(0.25, SpeedRatio.Of(4.0, "ms", 1.0, "ms"), 12);
    }

    [Fact]
    public void For_rates_the_ratio_is_our_rate_over_the_peers()
    {
        Assert.Equal(480.0 / 460.0, SpeedRatio.Of(480, "GFLOP/s", 460, "GFLOP/s"), 12);
    }

    [Fact]
    public void Times_in_different_units_are_converted()
    {
        Assert.Equal(100 / 1.7, SpeedRatio.Of(1.7, "µs", 0.1, "ms"), 9);
        Assert.Equal(1.0, SpeedRatio.Of(1500, "µs", 1.5, "ms"), 12);
    }

    [Fact]
    public void Which_direction_is_better_follows_the_unit()
    {
        Assert.True(SpeedRatio.HigherIsBetter("GFLOP/s"));
        Assert.False(SpeedRatio.HigherIsBetter("µs"));
        Assert.Equal("lower is better", SpeedRatio.Direction("ms"));
        Assert.Equal("higher is better", SpeedRatio.Direction("GB/s"));
    }

    [Fact]
    public void A_rate_against_a_time_is_refused_naming_both_units()
    {
        var error = Assert.Throws<ArgumentException>(() => SpeedRatio.Of(480, "GFLOP/s", 1.0, "ms"));

        Assert.Contains("cannot compare GFLOP/s with ms", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SpeedRatio.Of(480, "GFLOP/s", 20, "GB/s"));
    }

    [Fact]
    public void An_unknown_unit_or_a_non_positive_figure_is_refused()
    {
        Assert.Contains("unknown unit \"furlongs\"", Assert.Throws<ArgumentException>(() => SpeedRatio.Of(1, "furlongs", 1, "ms")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedRatio.Of(0, "ms", 1, "ms"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedRatio.Of(1, "ms", double.NaN, "ms"));
    }

    [Fact]
    public void Ratios_print_with_two_decimals_below_ten_and_none_above()
    {
        Assert.Equal("1.03×", SpeedRatio.Format(1.034));
        Assert.Equal("0.48×", SpeedRatio.Format(0.481));
        Assert.Equal("59×", SpeedRatio.Format(58.8));
    }

    [Fact]
    public void The_verdict_says_who_is_faster_and_calls_one_percent_even()
    {
        Assert.Equal("ours faster", SpeedRatio.Verdict(2, "PyTorch"));
        Assert.Equal("PyTorch faster", SpeedRatio.Verdict(0.5, "PyTorch"));
        Assert.Equal("even", SpeedRatio.Verdict(1.005, "PyTorch"));
    }
}
