using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Cost of one optimizer update (no forward/backward) on the parameters of an MLP 784-256-256-10 (269,322 values),
/// and of loading the shipped Fashion-MNIST training subset (read, SHA-256, parse, scale).
/// </summary>
public sealed class OptimizerSuite : BenchmarkSuite
{
    public override string Name => "optim";

    public override int Order => 60;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading("Optimizer step, MLP 784-256-256-10 parameters (269,322 values)");
        var random = new Random(0);
        var model = new Sequential(new Linear(784, 256, random), new ReLU(), new Linear(256, 256, random), new ReLU(), new Linear(256, 10, random));
        foreach (var p in model.Parameters()) p.Grad = Tensor.Normal(random, 0f, 0.01f, p.Shape);
        var optimizers = new Optimizer[]
        {
            new SGD(model.Parameters(), 1e-6f),
            new Momentum(model.Parameters(), 1e-6f),
            new Nesterov(model.Parameters(), 1e-6f),
            new Adagrad(model.Parameters(), 1e-6f),
            new Adadelta(model.Parameters(), 1e-6f),
            new RMSProp(model.Parameters(), 1e-6f),
            new Adam(model.Parameters(), 1e-6f),
            new Adam(model.Parameters(), 1e-6f, weightDecay: 1e-4f),
        };
        foreach (var optimizer in optimizers)
        {
            // Enough warm-up calls for tiered compilation to reach optimized code (30 calls) in TensorPrimitives.
            double ms = report.MedianMilliseconds(optimizer.Step, warmup: 60, repetitions: 51);
            report.Row(Name, optimizer.ToString(), ms, "ms");
        }
        double clip = report.MedianMilliseconds(() => GradientClipping.ByGlobalNorm(model.Parameters(), 1e9), warmup: 60, repetitions: 51);
        report.Row(Name, "GradientClipping.ByGlobalNorm", clip, "ms");

        if (DataDirectory.TryFind(AppContext.BaseDirectory, out string data) || DataDirectory.TryFind(Environment.CurrentDirectory, out data))
        {
            report.Heading("Fashion-MNIST subset load");
            double load = report.MedianMilliseconds(() => FashionMnist.Load(data), warmup: 1, repetitions: 5);
            report.Row(Name, "FashionMnist.Load (10,000 train images, verified)", load, "ms");
        }
        else
        {
            report.Line("Fashion-MNIST: data/ folder not found from the current directory; load timing skipped.");
        }
    }
}
