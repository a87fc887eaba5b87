using System.Diagnostics;
using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "conv": Conv2d forward, and forward + backward, on the two workloads of toolchain.md, compared with the best peer
/// measured on this machine (TorchSharp/libtorch 2.10) and PyTorch 1.13. Each row gives the median; the comment also
/// gives the fastest run and the process CPU time per run (both threads, GC included), which are the better guides
/// when other processes share the two cores.
/// </summary>
public sealed class ConvBenchmarks : BenchmarkSuite
{
    public override string Name => "conv";

    public override int Order => 30;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("conv — Conv2d, median ms (stride-1 im2col from a padded plane, register-blocked Vector512 kernels, weight gradient read from the padded image, fixed 8-chunk batch partition)");
        Measure(report, "64x1x28x28, 16 filters 5x5", [64, 1, 28, 28], [16, 1, 5, 5], padding: 0, targetMs: 1.5, pytorchMs: 2.3,
            (PeerWorkloads.Conv1Forward, PeerWorkloads.Conv1Weights, PeerWorkloads.Conv1Full));
        Measure(report, "64x3x32x32, 32 filters 3x3 pad 1", [64, 3, 32, 32], [32, 3, 3, 3], padding: 1, targetMs: 2.9, pytorchMs: 6.3,
            (PeerWorkloads.Conv2Forward, PeerWorkloads.Conv2Weights, PeerWorkloads.Conv2Full));
    }

    private static void Measure(BenchmarkReport report, string workload, int[] inputShape, int[] weightShape, int padding, double targetMs, double pytorchMs,
        (string Forward, string Weights, string Full) peer)
    {
        var random = new Random(1);
        var x = Tensor.Uniform(random, -1, 1, inputShape);
        var w = Tensor.Uniform(random, -0.1f, 0.1f, weightShape).WithGrad();
        var b = Tensor.Zeros(weightShape[0]).WithGrad();
        int ho = inputShape[2] + 2 * padding - weightShape[2] + 1, wo = inputShape[3] + 2 * padding - weightShape[3] + 1;
        double macs = (double)inputShape[0] * weightShape[0] * ho * wo * weightShape[1] * weightShape[2] * weightShape[3];
        var upstream = Tensor.Ones(inputShape[0], weightShape[0], ho, wo);
        string target = string.Create(CultureInfo.InvariantCulture, $"target ≤ {targetMs} ms (libtorch), PyTorch 1.13 {pytorchMs} ms");

        // MedianMilliseconds warms each measured action up first (see BenchmarkReport.WarmUp).

        void Forward()
        {
            using (GradMode.Disable()) x.Conv2d(w, b, padding: padding);
        }
        void Step()
        {
            x.Conv2d(w, b, padding: padding).Backward(upstream);
            (w.Grad, b.Grad, x.Grad) = (null, null, null);
        }

        double forward = report.MedianMilliseconds(Forward);
        report.Row("conv", $"{workload}: forward", forward, "ms", Comment(Fastest(Forward), 2 * macs, ""), peer.Forward);
        x.RequiresGrad = false;
        double step = report.MedianMilliseconds(Step);
        report.Row("conv", $"{workload}: fwd+bwd (dW, db)", step, "ms", Comment(Fastest(Step), 4 * macs, target), peer.Weights);
        x.RequiresGrad = true;
        double full = report.MedianMilliseconds(Step);
        report.Row("conv", $"{workload}: fwd+bwd (dX, dW, db)", full, "ms", Comment(Fastest(Step), 6 * macs, target), peer.Full);
        report.Line(MemoryPerStep(Step));
    }

    /// <summary>
    /// What a step costs the memory system: bytes allocated, gen-2 collections and (on Linux) minor page faults per
    /// step, and how the large arrays were served (<see cref="TensorMemory"/>: reused from the pool, fresh, and full
    /// collections the pool asked for). Fresh large arrays are what page faults come from: the gen-2 collection that
    /// frees one gives its pages back to the OS, so the next one is faulted in again.
    /// </summary>
    private static string MemoryPerStep(Action step)
    {
        const int steps = 50;
        long bytes = GC.GetTotalAllocatedBytes(precise: true), faults = MinorFaults();
        int gen2 = GC.CollectionCount(2);
        long reused = TensorMemory.ReusedCount, fresh = TensorMemory.FreshCount, requested = TensorMemory.CollectionsRequested;
        for (int i = 0; i < steps; i++) step();
        double mib = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (1024.0 * 1024) / steps;
        string faultText = faults < 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {(MinorFaults() - faults) / (double)steps:F0} minor page faults");
        return string.Create(CultureInfo.InvariantCulture,
            $"per fwd+bwd step: {mib:F2} MiB allocated, {(GC.CollectionCount(2) - gen2) / (double)steps:F2} gen-2 GCs{faultText}; " +
            $"large arrays {(TensorMemory.ReusedCount - reused) / (double)steps:F1} reused, {(TensorMemory.FreshCount - fresh) / (double)steps:F1} fresh, " +
            $"{(TensorMemory.CollectionsRequested - requested) / (double)steps:F2} collections requested by the pool");
    }

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat), or −1 where there is no such file.</summary>
    private static long MinorFaults()
    {
        try
        {
            if (!File.Exists("/proc/self/stat")) return -1;
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name (which is in parentheses and may hold spaces); minflt is the 8th of those.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string Comment((double FastestMs, double CpuMs) run, double flops, string target) => string.Create(CultureInfo.InvariantCulture,
        $"fastest {run.FastestMs:F3} ms ({flops / run.FastestMs / 1e6:F0} GFLOP/s), CPU {run.CpuMs:F3} ms/run{(target.Length > 0 ? "; " + target : "")}");

    /// <summary>The fastest of 30 runs (at most ~2 s) and the process CPU time per run.</summary>
    private static (double FastestMs, double CpuMs) Fastest(Action action)
    {
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = process.TotalProcessorTime;
        int runs = 0;
        for (; runs < 30 && (runs < 3 || total.Elapsed.TotalSeconds < 2); runs++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        process.Refresh();
        return (best, (process.TotalProcessorTime - cpuStart).TotalMilliseconds / runs);
    }
}
