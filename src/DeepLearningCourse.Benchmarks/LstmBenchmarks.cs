using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "lstm": an <see cref="LSTM"/> layer, input 32, hidden 128, T = 50, batch 32, all hidden states returned and summed
/// into the loss; median ms of forward alone and of forward + backward (the PyTorch/TorchSharp comparison in
/// docs/toolchain.md uses the same workload), for the fused sequence node (<c>LSTM(..., fused: true)</c>), the default
/// step-by-step graph, and the composite (unfused gate math) step. Also the GRU (fused and step by step) and plain RNN layers on the same shape.
/// </summary>
public sealed class LstmBenchmarks : BenchmarkSuite
{
    private const int Batch = 32, Steps = 50, InputSize = 32, HiddenSize = 128;

    public override string Name => "lstm";

    public override int Order => 60;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading($"LSTM in {InputSize}, hidden {HiddenSize}, T = {Steps}, batch {Batch} ({Gemm.Description})");
        var random = new Random(1);
        var x = Tensor.Uniform(random, -1, 1, Batch, Steps, InputSize);

        var lstm = new LSTM(InputSize, HiddenSize, random, fused: true);
        report.Row(Name, "LSTM forward, fused sequence node", report.MedianMilliseconds(() => lstm.Forward(x)), "ms", peer: PeerWorkloads.LstmForward);
        report.Row(Name, "LSTM forward + backward, fused sequence node", TrainStep(report, lstm, () => lstm.Forward(x)), "ms",
            "target ≤ 4.1 (TorchSharp/libtorch), PyTorch 1.13 CPU 42; " + ProcessorTimeOf(report, lstm, () => lstm.Forward(x))
            + "; " + GarbagePerStep(report, lstm, () => lstm.Forward(x)), PeerWorkloads.LstmStep);
        lstm.Fused = false;
        report.Row(Name, "LSTM forward, step-by-step graph", report.MedianMilliseconds(() => lstm.Forward(x)), "ms", peer: PeerWorkloads.LstmForward);
        report.Row(Name, "LSTM forward + backward, step-by-step graph", TrainStep(report, lstm, () => lstm.Forward(x)), "ms",
            ProcessorTimeOf(report, lstm, () => lstm.Forward(x)), PeerWorkloads.LstmStep);

        var cell = lstm.Cell;
        report.Row(Name, "LSTM forward + backward, composite step (reference)", TrainStep(report, lstm, () =>
        {
            Tensor h = Tensor.Zeros(Batch, HiddenSize), c = Tensor.Zeros(Batch, HiddenSize);
            var hidden = new Tensor[Steps];
            for (int t = 0; t < Steps; t++)
            {
                (h, c) = cell.StepComposite(x.TimeStep(t), h, c);
                hidden[t] = h;
            }
            return Tensor.StackSteps(hidden);
        }), "ms");

        var gru = new GRU(InputSize, HiddenSize, random, fused: true);
        report.Row(Name, "GRU forward + backward, fused sequence node", TrainStep(report, gru, () => gru.Forward(x)), "ms");
        gru.Fused = false;
        report.Row(Name, "GRU forward + backward, step-by-step graph", TrainStep(report, gru, () => gru.Forward(x)), "ms");
        var rnn = new RNN(InputSize, HiddenSize, random);
        report.Row(Name, "RNN forward + backward", TrainStep(report, rnn, () => rnn.Forward(x)), "ms");
    }

    private static string ProcessorTimeOf(BenchmarkReport report, Module model, Func<Tensor> forward) =>
        ProcessorTime.Comment(ProcessorTime.PerRun(() =>
        {
            model.ZeroGrad();
            forward().Sum().Backward();
        }, report.Quick ? 2 : 10));

    /// <summary>"allocated 4.6 MB, gen-2 GCs 0.15 per step": what one training step leaves for the garbage collector.</summary>
    private static string GarbagePerStep(BenchmarkReport report, Module model, Func<Tensor> forward)
    {
        int runs = report.Quick ? 3 : 40;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        int gen2 = GC.CollectionCount(2);
        for (int i = 0; i < runs; i++)
        {
            model.ZeroGrad();
            forward().Sum().Backward();
        }
        double megabytes = (GC.GetAllocatedBytesForCurrentThread() - bytes) / 1e6 / runs, collections = (double)(GC.CollectionCount(2) - gen2) / runs;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"allocated {megabytes:F1} MB, gen-2 GCs {collections:F2} per step");
    }

    private static double TrainStep(BenchmarkReport report, Module model, Func<Tensor> forward) =>
        report.MedianMilliseconds(() =>
        {
            model.ZeroGrad();
            forward().Sum().Backward();
        });
}
