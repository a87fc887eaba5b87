using System.Diagnostics;
using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "gpu": the SGEMM ladder (naive → tiled → register-blocked) in GFLOP/s at n = 1024…8192, and MLP / CNN training
/// step times, CPU backend vs GPU. Needs CUDA (or DLC_DEVICE=opencl); without one it says so and runs nothing.
/// DLC_DEVICE=ilgpu-cpu runs a smoke version (tiny sizes) on ILGPU's CPU accelerator instead: it checks that a
/// published (trimmed) build still compiles and runs every kernel, and its figures mean nothing.
/// Compare with scripts/cublas_reference.py (cuBLAS via PyTorch, TF32 off) on the same machine.
/// </summary>
public sealed class GpuBenchmarks : BenchmarkSuite
{
    public override string Name => "gpu";

    public override int Order => 90;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("GPU (ILGPU)");
        var fromEnvironment = ComputeDevices.PreferenceFromEnvironment();
        bool smoke = fromEnvironment == DevicePreference.IlgpuCpu;
        var preference = fromEnvironment is DevicePreference.OpenCL or DevicePreference.IlgpuCpu ? fromEnvironment : DevicePreference.Cuda;
        IlgpuBackend gpu;
        try
        {
            gpu = (IlgpuBackend)ComputeDevices.Create(preference);
        }
        catch (InvalidOperationException e)
        {
            report.Line($"No {preference} device on this machine, GPU suite skipped. {e.Message}");
            report.Line(ComputeDevices.DescribeDevices().Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
            return;
        }
        using (gpu)
        {
            report.Line(gpu.Describe().Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
            if (smoke) report.Line("SMOKE RUN on ILGPU's CPU accelerator (DLC_DEVICE=ilgpu-cpu): tiny sizes, figures are meaningless.");
            Sgemm(report, gpu, smoke);
            TrainingSteps(report, gpu, smoke);
        }
    }

    private static void Sgemm(BenchmarkReport report, IlgpuBackend gpu, bool smoke)
    {
        int[] sizes = smoke ? [33, 64] : report.Quick ? [1024, 2048] : [1024, 2048, 4096, 8192];
        foreach (var algorithm in Enum.GetValues<SgemmAlgorithm>())
        {
            gpu.Sgemm = algorithm;
            foreach (int n in sizes)
            {
                var random = new Random(n);
                var a = Tensor.Uniform(random, -1, 1, n, n);
                var b = Tensor.Uniform(random, -1, 1, n, n);
                using var da = gpu.Upload(a);
                using var db = gpu.Upload(b);
                using var dc = gpu.Allocate(n, n);
                long start = Stopwatch.GetTimestamp();
                gpu.MatMul(da, db, dc);
                gpu.Synchronize();
                double firstMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                string check = SpotCheck(a, b, dc.ToArray(), n, random);
                double ms = report.MedianMilliseconds(() =>
                {
                    gpu.MatMul(da, db, dc);
                    gpu.Synchronize();
                }, warmup: 2, repetitions: n >= 8192 ? 5 : 11, maxSeconds: 5);
                double gflops = 2.0 * n * n * n / (ms * 1e6);
                report.Row("gpu", $"SGEMM {algorithm} n={n}", gflops, "GFLOP/s",
                    string.Format(CultureInfo.InvariantCulture, "{0:F3} ms; first call {1:F0} ms; {2}", ms, firstMs, check));
            }
        }
        gpu.Sgemm = SgemmAlgorithm.RegisterBlocked;
    }

    /// <summary>Compares 16 random entries of C with a double-precision dot product on the host.</summary>
    private static string SpotCheck(Tensor a, Tensor b, float[] c, int n, Random random)
    {
        double worst = 0;
        for (int t = 0; t < 16; t++)
        {
            int i = random.Next(n), j = random.Next(n);
            double sum = 0;
            for (int p = 0; p < n; p++) sum += (double)a.Data[i * n + p] * b.Data[p * n + j];
            worst = Math.Max(worst, Math.Abs(sum - c[i * n + j]) / (1 + Math.Abs(sum)));
        }
        return worst < 1e-3 ? "spot check ok" : string.Format(CultureInfo.InvariantCulture, "SPOT CHECK FAILED (rel. error {0:G3})", worst);
    }

    private static void TrainingSteps(BenchmarkReport report, IlgpuBackend gpu, bool smoke)
    {
        using var cpu = new CpuBackend();
        int inputs = smoke ? 20 : 784, hidden = smoke ? 16 : 256;
        foreach (int batch in smoke ? [8] : new[] { 128, 4096 })
        {
            var random = new Random(1);
            var x = Tensor.Uniform(random, 0, 1, batch, inputs);
            var labels = Labels(random, batch, 10);
            Sequential Model() => new(new Linear(inputs, hidden, new Random(2)), new ReLU(), new Linear(hidden, hidden, new Random(3)), new ReLU(), new Linear(hidden, 10, new Random(4)));
            foreach (ComputeBackend backend in new ComputeBackend[] { cpu, gpu })
            {
                using var step = MlpTrainingStep.FromSequential(backend, Model(), batch, DeviceOptimizer.Sgd(0.01f));
                using var dx = backend.Upload(x);
                using var dy = backend.Upload(labels);
                double ms = report.MedianMilliseconds(() =>
                {
                    step.Step(dx, dy);
                    backend.Synchronize();
                });
                report.Row("gpu", $"MLP {inputs}-{hidden}-{hidden}-10 batch {batch} step, {(backend == cpu ? "CPU backend" : "GPU")}", ms, "ms",
                    string.Format(CultureInfo.InvariantCulture, "loss {0:F4}", step.ReadLoss()));
            }
        }

        var convolutions = smoke ? new[] { (1, 8, 2, 3, 1) } : new[] { (1, 28, 16, 5, 0), (3, 32, 32, 3, 1) };
        foreach (var (channels, size, filters, kernel, padding) in convolutions)
        {
            int batch = smoke ? 4 : 64;
            var random = new Random(5);
            var x = Tensor.Uniform(random, 0, 1, batch, channels, size, size);
            var labels = Labels(random, batch, 10);
            foreach (ComputeBackend backend in new ComputeBackend[] { cpu, gpu })
            {
                using var step = CnnTrainingStep.CreateRandom(backend, new Random(6), batch, channels, size, size, filters, kernel, 10, DeviceOptimizer.Sgd(0.01f), padding: padding);
                using var dx = backend.Upload(x);
                using var dy = backend.Upload(labels);
                double ms = report.MedianMilliseconds(() =>
                {
                    step.Step(dx, dy);
                    backend.Synchronize();
                });
                report.Row("gpu", $"CNN {batch}x{channels}x{size}x{size} conv {filters}x{kernel}x{kernel} + linear step, {(backend == cpu ? "CPU backend" : "GPU")}", ms, "ms",
                    string.Format(CultureInfo.InvariantCulture, "loss {0:F4}", step.ReadLoss()));
            }
        }
    }

    private static Tensor Labels(Random random, int rows, int classes)
    {
        var data = new float[rows];
        for (int i = 0; i < rows; i++) data[i] = random.Next(classes);
        return new Tensor(data, rows);
    }
}
