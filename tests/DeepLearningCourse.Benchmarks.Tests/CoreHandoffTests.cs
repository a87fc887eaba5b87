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
}
