using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>How much the engine reports about what it does.</summary>
public enum EngineLogLevel
{
    /// <summary>Nothing.</summary>
    Off = 0,
    /// <summary>Per-op timings are measured (see <see cref="Node.ForwardMilliseconds"/>) and aggregated in <see cref="EngineLog.Profile"/>.</summary>
    Timing = 1,
    /// <summary>Timings, and a line per op (forward and backward) written to <see cref="EngineLog.Writer"/>.</summary>
    Trace = 2,
}

/// <summary>
/// The engine's debug level: set <see cref="Level"/> or the environment variable DLC_DEBUG (0, 1 = timing,
/// 2 = trace). Timings per op accumulate in <see cref="Profile"/> for profiling a training step.
/// </summary>
public static class EngineLog
{
    private static readonly Lock s_gate = new();

    /// <summary>The current level.</summary>
    public static EngineLogLevel Level { get; set; } = ParseLevel(Environment.GetEnvironmentVariable("DLC_DEBUG"));

    /// <summary>Where trace lines go (standard error by default).</summary>
    public static TextWriter Writer { get; set; } = Console.Error;

    /// <summary>Total milliseconds and call count per "OpName forward/backward" since the last <see cref="ResetProfile"/>.</summary>
    public static Dictionary<string, (double Milliseconds, int Calls)> Profile { get; } = new(StringComparer.Ordinal);

    /// <summary>Clears <see cref="Profile"/>.</summary>
    public static void ResetProfile()
    {
        lock (s_gate) Profile.Clear();
    }

    /// <summary>The profile as a table, slowest first.</summary>
    public static string ProfileReport()
    {
        lock (s_gate)
        {
            var rows = Profile.OrderByDescending(p => p.Value.Milliseconds)
                .Select(p => string.Format(CultureInfo.InvariantCulture, "{0,-32} {1,10:F3} ms {2,8} calls", p.Key, p.Value.Milliseconds, p.Value.Calls));
            return string.Join(Environment.NewLine, rows);
        }
    }

    internal static void Op(Node node, string phase, IReadOnlyList<Tensor> inputs, Tensor? output, double milliseconds)
    {
        string key = node.OpName + " " + phase;
        lock (s_gate)
        {
            Profile.TryGetValue(key, out var entry);
            Profile[key] = (entry.Milliseconds + milliseconds, entry.Calls + 1);
        }
        if (Level >= EngineLogLevel.Trace)
        {
            string shapes = string.Join(", ", inputs.Select(t => Tensor.ShapeText(t.Shape)));
            string result = output is null ? "" : " -> " + Tensor.ShapeText(output.Shape);
            Writer.WriteLine(string.Format(CultureInfo.InvariantCulture, "[dlc] {0} {1}({2}){3} {4:F3} ms", phase, node.OpName, shapes, result, milliseconds));
        }
    }

    private static EngineLogLevel ParseLevel(string? value) => value switch
    {
        "1" or "timing" => EngineLogLevel.Timing,
        "2" or "trace" => EngineLogLevel.Trace,
        _ => EngineLogLevel.Off,
    };
}
