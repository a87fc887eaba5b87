using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "transformer": one pre-LN <see cref="TransformerEncoderBlock"/> (d = 64, 4 heads, MLP 256) on x [32, 64, 64]
/// (batch 32, T 64), loss = Σ output; median ms of forward and of forward + backward, with and without a causal mask.
/// Then a per-op profile of forward + backward (EngineLog timing), and scaled dot-product attention alone on
/// Q = K = V [32·4, 64, 16].
/// </summary>
public sealed class TransformerBenchmarks : BenchmarkSuite
{
    private const int Batch = 32, Steps = 64, ModelDim = 64, Heads = 4, HiddenDim = 256;

    public override string Name => "transformer";

    public override int Order => 61;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading($"Transformer encoder block (pre-LN) on [{Batch}, {Steps}, {ModelDim}], {Heads} heads, MLP {HiddenDim} ({Gemm.Description})");
        var random = new Random(1);
        var x = Tensor.Uniform(random, -1, 1, Batch, Steps, ModelDim);
        var block = new TransformerEncoderBlock(ModelDim, Heads, HiddenDim, random);
        report.Row(Name, "block forward", report.MedianMilliseconds(() => block.Forward(x)), "ms", peer: PeerWorkloads.TransformerForward);
        // One training step: gradients cleared, forward, loss = Σ output, backward (causal once block.Causal is set).
        void Step()
        {
            block.ZeroGrad();
            block.Forward(x).Sum().Backward();
        }
        report.Row(Name, "block forward + backward", report.MedianMilliseconds(Step), "ms",
            "PyTorch 2.11 on the H100: 2.8 ms; " + ProcessorTime.Comment(ProcessorTime.PerRun(Step, report.Quick ? 2 : 10)), PeerWorkloads.TransformerStep);
        report.Line(StepAllocations.Line(Step, report.Quick ? 3 : 30));
        PrintProfile(report, Step);
        block.Causal = true;
        report.Row(Name, "block forward + backward, causal", report.MedianMilliseconds(Step), "ms", peer: PeerWorkloads.TransformerCausal);

        var q = Tensor.Uniform(random, -1, 1, Batch * Heads, Steps, ModelDim / Heads).WithGrad();
        report.Row(Name, "attention alone [128, 64, 16], forward + backward", report.MedianMilliseconds(() =>
        {
            q.ZeroGrad();
            Tensor.ScaledDotProductAttention(q, q, q).Sum().Backward();
        }), "ms", peer: PeerWorkloads.Attention);
    }

    /// <summary>Each op's median time per call in the block's forward + backward (<paramref name="step"/>), slowest per step first.</summary>
    private static void PrintProfile(BenchmarkReport report, Action step)
    {
        int steps = report.Quick ? 5 : 30;
        var profile = OpProfile.Measure(step, steps);
        report.Line($"per-op time of forward + backward, median per call over {steps - profile.LeftOut} runs (EngineLog timing; " +
            $"{profile.LeftOut} run(s) with a full garbage collection left out):");
        foreach (var op in profile.Ops)
        {
            report.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, "  {0,-40} {1,8:F1} µs per call, {2} per step, {3,6:F0} µs in all",
                op.Name, op.MicrosecondsPerCall, op.CallsPerStep, op.MicrosecondsPerCall * op.CallsPerStep));
        }
    }
}
