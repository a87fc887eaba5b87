using System.Diagnostics;
using System.Globalization;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// A group of related benchmarks (SGEMM, convolution, LSTM, GPU...). Every non-abstract subclass in this assembly is
/// found and run by Program; <c>--only NAME</c> picks suites by <see cref="Name"/>.
/// </summary>
public abstract class BenchmarkSuite
{
    /// <summary>Short name used with --only (e.g. "sgemm").</summary>
    public abstract string Name { get; }

    /// <summary>Order in the report (smaller first).</summary>
    public virtual int Order => 100;

    /// <summary>Runs the benchmarks and prints figures through <paramref name="report"/>.</summary>
    public abstract void Run(BenchmarkReport report);
}

/// <summary>Timing and printing shared by all suites. Figures are medians over repeated runs after a warm-up.</summary>
public sealed class BenchmarkReport(TextWriter writer, bool quick)
{
    /// <summary>True with --quick: fewer repetitions (for smoke tests), figures less stable.</summary>
    public bool Quick { get; } = quick;

    /// <summary>Rows printed so far: (suite, workload, value, unit, peer workload key or null).</summary>
    public List<(string Suite, string Workload, double Value, string Unit, string? Peer)> Rows { get; } = [];

    /// <summary>
    /// Short notes on the machine's state that suites measured on the way (the FMA peak, the cost of a handoff between
    /// cores), in order; <c>--rounds</c> lists each round's in its summary, since the VM's speed drifts between rounds.
    /// </summary>
    public List<string> MachineState { get; } = [];

    /// <summary>With --compare: the PyTorch figures; rows that name a peer workload get them printed underneath.</summary>
    public PeerComparison? Comparison { get; set; }

    /// <summary>
    /// Median milliseconds of <paramref name="action"/> over <paramref name="repetitions"/> timed runs after
    /// <paramref name="warmup"/> untimed ones; repetitions stop early after <paramref name="maxSeconds"/>.
    /// </summary>
    public double MedianMilliseconds(Action action, int warmup = 3, int repetitions = 21, double maxSeconds = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Quick) (warmup, repetitions, maxSeconds) = (1, 3, 0.5);
        if (Quick) { for (int i = 0; i < warmup; i++) action(); }
        else if (warmup > 0) WarmUp(action);
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (total.Elapsed.TotalSeconds > maxSeconds && times.Count >= 3) break;
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// Runs <paramref name="step"/> for at least 40 calls and half a second, and on until the JIT has compiled no new
    /// method for 0.6 s (at most 5 s in all); then pauses and runs it 10 more times. Tiered compilation (with
    /// PGO: tier 0, instrumented, optimized) promotes a method only after ~30 calls and then compiles it on a
    /// background thread, which on two cores takes one from a two-thread product while it lasts; so a fixed
    /// handful of warm-up calls measures unoptimized code, or optimized code sharing its cores with the compiler. (A
    /// quarter-second quiet spell was not enough: promotions come in batches, and the MLP's first Adam step measured
    /// 1.2–1.6 ms that way against 0.84–0.88 ms with this rule.)
    /// </summary>
    public static void WarmUp(Action step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var clock = Stopwatch.StartNew();
        int calls = 0;
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        long lastCompile = 0;
        while (calls < 40 || clock.ElapsedMilliseconds < 500 || (clock.ElapsedMilliseconds - lastCompile < 600 && clock.ElapsedMilliseconds < 5000))
        {
            step();
            calls++;
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled) (compiled, lastCompile) = (now, clock.ElapsedMilliseconds);
        }
        Thread.Sleep(200);
        for (int i = 0; i < 10; i++) step();
    }

    /// <summary>Prints a section heading.</summary>
    public void Heading(string text) => writer.WriteLine($"{Environment.NewLine}== {text}");

    /// <summary>
    /// Prints and records one figure, with an optional comment (target, % of peak...). <paramref name="peer"/> is the
    /// <see cref="PeerWorkloads"/> key when the row measures exactly that PyTorch workload.
    /// </summary>
    public void Row(string suite, string workload, double value, string unit, string comment = "", string? peer = null)
    {
        Rows.Add((suite, workload, value, unit, peer));
        writer.WriteLine(FormatRow(workload, value, unit, comment));
        if (peer is not null && Comparison is not null)
        {
            foreach (string line in Comparison.Compare(suite, workload, value, unit, peer)) writer.WriteLine(line);
        }
    }

    /// <summary>A row in the report's columns: label, figure (3 decimals), unit, comment.</summary>
    public static string FormatRow(string label, double value, string unit, string comment) =>
        string.Format(CultureInfo.InvariantCulture, "  {0,-52} {1,10:F3} {2,-8} {3}", label, value, unit, comment).TrimEnd();

    /// <summary>Prints a free-form line.</summary>
    public void Line(string text) => writer.WriteLine("  " + text);
}
