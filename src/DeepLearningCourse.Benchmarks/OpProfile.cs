using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Per-op times of a training step from <see cref="EngineLog"/>'s timing level: each op's median time per call over
/// many runs of the step. A run during which a full garbage collection happened is left out: the collection's pause
/// lands in whichever op happened to allocate, and would make that op look many times slower than it is.
/// </summary>
public static class OpProfile
{
    /// <summary>One op ("LinearRelu backward"): its median time per call and how many times one step calls it.</summary>
    public readonly record struct Op(string Name, double MicrosecondsPerCall, int CallsPerStep);

    /// <summary>The ops, slowest per step first, and how many runs were left out.</summary>
    public readonly record struct Result(IReadOnlyList<Op> Ops, int LeftOut);

    /// <summary>Runs <paramref name="step"/> <paramref name="steps"/> times with timing on, then restores the log level.</summary>
    public static Result Measure(Action step, int steps)
    {
        ArgumentNullException.ThrowIfNull(step);
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var callsPerStep = new Dictionary<string, int>(StringComparer.Ordinal);
        int leftOut = 0;
        var previous = EngineLog.Level;
        EngineLog.Level = EngineLogLevel.Timing;
        try
        {
            for (int i = 0; i < steps; i++)
            {
                EngineLog.ResetProfile();
                int fullCollections = GC.CollectionCount(2);
                step();
                if (GC.CollectionCount(2) != fullCollections)
                {
                    leftOut++;
                    continue;
                }
                foreach (var (op, (milliseconds, calls)) in EngineLog.Profile)
                {
                    if (!samples.TryGetValue(op, out var list)) samples[op] = list = [];
                    list.Add(milliseconds * 1000 / calls);
                    callsPerStep[op] = calls;
                }
            }
        }
        finally
        {
            EngineLog.Level = previous;
            EngineLog.ResetProfile();
        }
        var ops = samples.Select(p => new Op(p.Key, Median(p.Value), callsPerStep[p.Key]))
            .OrderByDescending(op => op.MicrosecondsPerCall * op.CallsPerStep).ToList();
        return new Result(ops, leftOut);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
