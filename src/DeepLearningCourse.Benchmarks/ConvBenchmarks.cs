using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "conv": Conv2d forward + backward (weight, bias and, in the second row of each pair, input gradients) on the two
/// workloads of toolchain.md, compared with the best peer measured on this machine (TorchSharp/libtorch 2.10).
/// </summary>
public sealed class ConvBenchmarks : BenchmarkSuite
{
    public override string Name => "conv";

    public override int Order => 30;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("conv — Conv2d forward+backward, median ms (Gemm + im2col, fixed 8-chunk batch partition)");
        Measure(report, "64x1x28x28, 16 filters 5x5", [64, 1, 28, 28], [16, 1, 5, 5], padding: 0, targetMs: 1.5, pytorchMs: 2.3);
        Measure(report, "64x3x32x32, 32 filters 3x3 pad 1", [64, 3, 32, 32], [32, 3, 3, 3], padding: 1, targetMs: 2.9, pytorchMs: 6.3);
    }

    private static void Measure(BenchmarkReport report, string workload, int[] inputShape, int[] weightShape, int padding, double targetMs, double pytorchMs)
    {
        var random = new Random(1);
        var x = Tensor.Uniform(random, -1, 1, inputShape);
        var w = Tensor.Uniform(random, -0.1f, 0.1f, weightShape).WithGrad();
        var b = Tensor.Zeros(weightShape[0]).WithGrad();
        int ho = inputShape[2] + 2 * padding - weightShape[2] + 1, wo = inputShape[3] + 2 * padding - weightShape[3] + 1;
        double macs = (double)inputShape[0] * weightShape[0] * ho * wo * weightShape[1] * weightShape[2] * weightShape[3];
        string comment = $"target ≤ {targetMs} ms (libtorch), PyTorch 1.13 {pytorchMs} ms";

        double forward = report.MedianMilliseconds(() =>
        {
            using (GradMode.Disable()) x.Conv2d(w, b, padding: padding);
        });
        report.Row("conv", $"{workload}: forward", forward, "ms", $"{2 * macs / forward / 1e6:F0} GFLOP/s");

        Tensor? upstream = null;
        double step = report.MedianMilliseconds(() =>
        {
            Tensor y = x.Conv2d(w, b, padding: padding);
            upstream ??= Tensor.Ones(y.Shape);
            y.Backward(upstream);
            w.Grad = null;
            b.Grad = null;
        });
        report.Row("conv", $"{workload}: fwd+bwd (dW, db)", step, "ms", comment);

        x.RequiresGrad = true;
        double full = report.MedianMilliseconds(() =>
        {
            Tensor y = x.Conv2d(w, b, padding: padding);
            y.Backward(upstream);
            (w.Grad, b.Grad, x.Grad) = (null, null, null);
        });
        report.Row("conv", $"{workload}: fwd+bwd (dX, dW, db)", full, "ms", $"{6 * macs / full / 1e6:F0} GFLOP/s; {comment}");
    }
}
