using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "mlp": one training step of an MLP 784-256-256-10 (ReLU) at batch 128 — forward, softmax cross-entropy,
/// backward, optimizer update — in milliseconds, with Adam and with plain SGD (the PyTorch anchor, 0.97 ms, is an
/// SGD step). Then a per-op profile of the Adam step (EngineLog timing), slowest first.
/// </summary>
public sealed class MlpBenchmarks : BenchmarkSuite
{
    private const int Batch = 128, Inputs = 784, Hidden = 256, Classes = 10;

    public override string Name => "mlp";

    public override int Order => 30;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading($"MLP {Inputs}-{Hidden}-{Hidden}-{Classes}, batch {Batch}, one training step");
        var random = new Random(7);
        var x = Tensor.Uniform(random, 0, 1, Batch, Inputs);
        var labels = new float[Batch];
        for (int i = 0; i < Batch; i++) labels[i] = random.Next(Classes);
        var y = Tensor.FromArray(labels, Batch);

        foreach (bool adam in new[] { true, false })
        {
            var model = CreateModel(new Random(1));
            Optimizer optimizer = adam ? new Adam(model.Parameters()) : new SGD(model.Parameters(), 0.01f);
            double ms = report.MedianMilliseconds(() => Step(model, optimizer, x, y), warmup: 10, repetitions: 101);
            report.Row(Name, $"step with {(adam ? "Adam" : "SGD")}", ms, "ms", adam ? "" : "PyTorch CPU 0.97 ms");
        }

        var profiled = CreateModel(new Random(1));
        var profiledOptimizer = new Adam(profiled.Parameters());
        for (int i = 0; i < 10; i++) Step(profiled, profiledOptimizer, x, y);
        var previous = EngineLog.Level;
        EngineLog.Level = EngineLogLevel.Timing;
        EngineLog.ResetProfile();
        const int steps = 50;
        for (int i = 0; i < steps; i++) Step(profiled, profiledOptimizer, x, y);
        EngineLog.Level = previous;
        report.Line($"per-op time over {steps} Adam steps (EngineLog timing; optimizer update not included):");
        foreach (string line in EngineLog.ProfileReport().Split(Environment.NewLine)) report.Line("  " + line);
    }

    private static Sequential CreateModel(Random random) => new(
        new Linear(Inputs, Hidden, random), new ReLU(),
        new Linear(Hidden, Hidden, random), new ReLU(),
        new Linear(Hidden, Classes, random));

    private static void Step(Sequential model, Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.ZeroGrad();
        var loss = Loss.SoftmaxCrossEntropy(model.Forward(x), y);
        loss.Backward();
        optimizer.Step();
    }
}
