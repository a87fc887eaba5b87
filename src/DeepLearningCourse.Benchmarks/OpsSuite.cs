using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Core ops outside matrix multiply: element-wise activations (memory-bound, so GB/s moved), softmax
/// cross-entropy forward + backward, and transpose.
/// </summary>
public sealed class OpsSuite : BenchmarkSuite
{
    public override string Name => "ops";

    public override int Order => 40;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("ops: element-wise, softmax cross-entropy, transpose (float32, one thread)");
        var random = new Random(1);

        const int n = 1 << 20;
        var x = Tensor.Uniform(random, -4, 4, n);
        double bytes = 2.0 * n * sizeof(float); // read x, write y
        foreach (var (name, op) in new (string, Func<Tensor, Tensor>)[]
        {
            ("exp", t => t.Exp()), ("sigmoid", t => t.Sigmoid()), ("tanh", t => t.Tanh()), ("x - 1", t => t - 1f),
        })
        {
            double ms = report.MedianMilliseconds(() => op(x));
            report.Row(Name, $"{name} forward, 1M values", bytes / (ms * 1e6), "GB/s", $"({ms:F3} ms)");
        }

        var xg = Tensor.Uniform(random, -4, 4, n).WithGrad();
        void SigmoidStep()
        {
            xg.Grad = null;
            xg.Sigmoid().Sum().Backward();
        }
        double sigmoidStep = report.MedianMilliseconds(SigmoidStep);
        report.Row(Name, "sigmoid forward + backward, 1M values", sigmoidStep, "ms");

        foreach (var (rows, classes) in new[] { (128, 10), (1024, 1000) })
        {
            var logits = Tensor.Uniform(random, -5, 5, rows, classes).WithGrad();
            var labels = new Tensor(Enumerable.Range(0, rows).Select(i => (float)(i % classes)).ToArray(), rows);
            void Step()
            {
                logits.Grad = null;
                Loss.SoftmaxCrossEntropy(logits, labels).Backward();
            }
            double ms = report.MedianMilliseconds(Step);
            report.Row(Name, $"softmax cross-entropy fwd+bwd [{rows}, {classes}]", ms, "ms");
        }

        var matrix = Tensor.Uniform(random, -1, 1, 1024, 1024);
        double transposeMs = report.MedianMilliseconds(() => matrix.Transpose());
        report.Row(Name, "transpose [1024, 1024]", 2.0 * matrix.Size * sizeof(float) / (transposeMs * 1e6), "GB/s", $"({transposeMs:F3} ms)");
    }
}
