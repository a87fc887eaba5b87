using DeepLearningCourse.Benchmarks;

namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class MlpPeakShareTests
{
    [Fact]
    public void The_step_counts_the_multiply_adds_of_its_eight_products()
    {
        // Forward 128×784·784×256, 128×256·256×256, 128×256·256×10; backward dW for all three, dx for layers 2 and 3.
        const double expected = 2.0 * (128 * 784 * 256 + 128 * 256 * 256 + 128 * 256 * 10 + 784 * 128 * 256 + 256 * 128 * 256
            + 256 * 128 * 10 + 128 * 256 * 256 + 128 * 10 * 256);
        Assert.Equal(expected, MlpBenchmarks.ProductFlops);
        Assert.Equal(155.06e6, MlpBenchmarks.ProductFlops, 0.01e6);
    }

    [Fact]
    public void A_share_of_the_peak_is_the_products_rate_over_the_peak()
    {
        // 0.5 ms at the anchors' ~520 GFLOP/s: 155 MFLOP / 0.5 ms = 310 GFLOP/s, 59.6% of 520.
        Assert.Equal(0.5964, MlpBenchmarks.PeakShare(0.5, 520), 4);
        // Today's slow-regime step on a 421 GFLOP/s peak.
        Assert.Equal(0.6648, MlpBenchmarks.PeakShare(0.554, 421), 4);
        // Half the time is twice the share; twice the peak half of it.
        Assert.Equal(2 * MlpBenchmarks.PeakShare(0.6, 400), MlpBenchmarks.PeakShare(0.3, 400), 12);
        Assert.Equal(MlpBenchmarks.PeakShare(0.6, 400) / 2, MlpBenchmarks.PeakShare(0.6, 800), 12);
    }

    [Fact]
    public void The_comment_puts_the_step_beside_the_anchor_and_the_target()
    {
        string comment = MlpBenchmarks.PeakShareComment(0.554, 421);
        Assert.StartsWith("66% of this run's FMA peak (421 GFLOP/s;", comment, StringComparison.Ordinal);
        Assert.Contains("PyTorch's 0.97 ms anchor was 31% and the 0.5 ms target 60% of the ~520 GFLOP/s peak", comment, StringComparison.Ordinal);
    }
}
