namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Keys of the workloads that pytorch/peer_benchmarks.py runs in PyTorch. A suite passes one of these to
/// <see cref="BenchmarkReport.Row"/> when its row measures exactly that workload (same shapes, dtype, threads, loss),
/// and <c>--compare</c> prints the PyTorch figure under the row. A test checks this list against the script's
/// <c>--list</c>.
/// </summary>
public static class PeerWorkloads
{
    public const string MlpAdam = "mlp-adam";
    public const string MlpSgd = "mlp-sgd";
    public const string Xor = "xor";
    public const string Conv1Forward = "conv1-forward";
    public const string Conv1Weights = "conv1-weights";
    public const string Conv1Full = "conv1-full";
    public const string Conv2Forward = "conv2-forward";
    public const string Conv2Weights = "conv2-weights";
    public const string Conv2Full = "conv2-full";
    public const string LstmForward = "lstm-forward";
    public const string LstmStep = "lstm-step";
    public const string TransformerForward = "transformer-forward";
    public const string TransformerStep = "transformer-step";
    public const string TransformerCausal = "transformer-causal";
    public const string Attention = "attention";

    /// <summary>The SGEMM sizes the script measures (torch.matmul and numpy).</summary>
    public static IReadOnlyList<int> SgemmSizes { get; } = [512, 1024, 2048];

    /// <summary>Every key the script knows, in its order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. SgemmSizes.Select(n => $"sgemm-{n}"), MlpAdam, MlpSgd, Xor,
        Conv1Forward, Conv1Weights, Conv1Full, Conv2Forward, Conv2Weights, Conv2Full,
        LstmForward, LstmStep, TransformerForward, TransformerStep, TransformerCausal, Attention,
    ];

    /// <summary>"sgemm-512" for an n the script measures, null for other sizes.</summary>
    public static string? Sgemm(int n) => SgemmSizes.Contains(n) ? $"sgemm-{n}" : null;
}
