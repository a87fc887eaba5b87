namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class CoreHandoffTests
{
    [Fact]
    public void Measures_all_four_accesses_and_returns_after_joining_its_helper()
    {
        if (Environment.ProcessorCount < 2) Assert.Skip("One processor: there is no other core to hand a block to.");
        var figures = CoreHandoff.Measure(floats: 16 * 1024, runs: 5);

        Assert.NotNull(figures);
        var f = figures.Value;
        foreach (double microseconds in new[] { f.LocalRead, f.RemoteRead, f.LocalOverwrite, f.RemoteOverwrite })
            Assert.True(microseconds > 0 && double.IsFinite(microseconds), $"expected a positive time, got {microseconds} µs");
        // A 64 KB block cannot take a second to read on any machine that runs these tests.
        Assert.True(f.RemoteRead < 1e6 && f.RemoteOverwrite < 1e6);
    }

    [Fact]
    public void Names_the_regime_from_the_overwrite_ratio()
    {
        // The development VM's two regimes on 2026-12-03: 4.4 against 1.0 µs, and 19.4 against 1.0 µs.
        var fast = new CoreHandoff.Figures(LocalRead: 2.2, RemoteRead: 2.3, LocalOverwrite: 1.0, RemoteOverwrite: 4.4);
        var slow = new CoreHandoff.Figures(LocalRead: 2.3, RemoteRead: 3.7, LocalOverwrite: 1.0, RemoteOverwrite: 19.4);
        Assert.Equal(4.4, fast.OverwriteRatio, 6);
        Assert.Equal("fast", fast.Regime);
        Assert.Equal("slow", slow.Regime);
        Assert.Equal("slow", (slow with { LocalOverwrite = 0 }).Regime);
    }
}
