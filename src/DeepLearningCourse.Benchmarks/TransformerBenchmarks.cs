using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "transformer": one pre-LN <see cref="TransformerEncoderBlock"/> (d = 64, 4 heads, MLP 256) on x [32, 64, 64]
/// (batch 32, T 64), loss = Σ output; median ms of forward and of forward + backward, with and without a causal mask.
/// Also scaled dot-product attention alone on Q = K = V [32·4, 64, 16].
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
        report.Row(Name, "block forward + backward", TrainStep(report, block, x), "ms",
            "PyTorch 2.11 on the H100: 2.8 ms; " + ProcessorTime.Comment(ProcessorTime.PerRun(() =>
            {
                block.ZeroGrad();
                block.Forward(x).Sum().Backward();
            }, report.Quick ? 2 : 10)), PeerWorkloads.TransformerStep);
        block.Causal = true;
        report.Row(Name, "block forward + backward, causal", TrainStep(report, block, x), "ms", peer: PeerWorkloads.TransformerCausal);

        var q = Tensor.Uniform(random, -1, 1, Batch * Heads, Steps, ModelDim / Heads).WithGrad();
        report.Row(Name, "attention alone [128, 64, 16], forward + backward", report.MedianMilliseconds(() =>
        {
            q.ZeroGrad();
            Tensor.ScaledDotProductAttention(q, q, q).Sum().Backward();
        }), "ms", peer: PeerWorkloads.Attention);
    }

    private static double TrainStep(BenchmarkReport report, Module model, Tensor x) =>
        report.MedianMilliseconds(() =>
        {
            model.ZeroGrad();
            model.Forward(x).Sum().Backward();
        });
}
