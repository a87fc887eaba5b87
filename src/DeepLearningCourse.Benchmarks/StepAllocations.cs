namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// What a training step costs the garbage collector: bytes allocated, gen0 and gen2 collections and pause time per
/// step, averaged over a number of steps. A step that allocates its activations anew each time shows here as
/// megabytes and full collections; one that reuses pooled arrays as a few kilobytes.
/// </summary>
internal static class StepAllocations
{
    /// <summary>"  per step: 33 KB allocated, 0.02 gen0 and 0.02 gen2 collections, 0.016 ms GC pause", over <paramref name="steps"/> runs of <paramref name="step"/>.</summary>
    public static string Line(Action step, int steps)
    {
        var (gen0, gen2, bytes, pause) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(true), GC.GetTotalPauseDuration());
        for (int i = 0; i < steps; i++) step();
        return string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "  per step: {0:F0} KB allocated, {1:F2} gen0 and {2:F2} gen2 collections, {3:F3} ms GC pause",
            (GC.GetTotalAllocatedBytes(true) - bytes) / 1024.0 / steps, (GC.CollectionCount(0) - gen0) / (double)steps,
            (GC.CollectionCount(2) - gen2) / (double)steps, (GC.GetTotalPauseDuration() - pause).TotalMilliseconds / steps);
    }
}
