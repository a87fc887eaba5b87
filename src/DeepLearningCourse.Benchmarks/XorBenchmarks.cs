using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "xor": one full-batch training step of a 2-2-1 network (sigmoid hidden layer) on the 4 XOR points — forward,
/// sigmoid binary cross-entropy, backward, SGD update — in microseconds. Every tensor is tiny, so this measures the
/// engine's per-op overhead (graph recording, allocation, dispatch), not arithmetic.
/// </summary>
public sealed class XorBenchmarks : BenchmarkSuite
{
    public override string Name => "xor";

    public override int Order => 40;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("XOR 2-2-1, full batch of 4, one training step");
        var data = Datasets.Xor();
        var targets = data.Y.Reshape(4, 1);
        var model = new Sequential(new Linear(2, 2, new Random(3)), new Sigmoid(), new Linear(2, 1, new Random(4)));
        var optimizer = new SGD(model.Parameters(), 0.5f);
        void Step()
        {
            optimizer.ZeroGrad();
            var loss = Loss.SigmoidBinaryCrossEntropy(model.Forward(data.X), targets);
            loss.Backward();
            optimizer.Step();
        }
        BenchmarkReport.WarmUp(Step);
        const int steps = 1000;
        double ms = report.MedianMilliseconds(() =>
        {
            for (int i = 0; i < steps; i++) Step();
        });
        report.Row(Name, "step (forward, loss, backward, SGD)", ms * 1000 / steps, "µs", peer: PeerWorkloads.Xor);
    }
}
