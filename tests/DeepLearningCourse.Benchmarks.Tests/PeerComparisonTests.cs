namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class PeerComparisonTests
{
    private static PeerOutput Output() => PeerOutput.Parse(
    [
        """{"kind": "machine", "python": "3.11.2", "executable": "/usr/bin/python3", "torch": "1.13.0", "numpy": "1.24.2", "threads": 2, "openblas_core": "Cooperlake", "openblas_config": "OpenBLAS 0.3.21 DYNAMIC_ARCH", "openblas_coretype_removed": null, "torch_cpu_capability": "AVX2", "mkldnn": true, "quick": false}""",
        """{"kind": "result", "workload": "sgemm-512", "library": "torch", "value": 464.0, "unit": "GFLOP/s", "description": "SGEMM n = 512", "detail": ""}""",
        """{"kind": "result", "workload": "sgemm-512", "library": "numpy", "value": 500.0, "unit": "GFLOP/s", "description": "SGEMM n = 512", "detail": ""}""",
        """{"kind": "result", "workload": "xor", "library": "torch", "value": 100.0, "unit": "µs", "description": "XOR 2-2-1 step", "detail": ""}""",
        """{"kind": "result", "workload": "lstm-step", "library": "torch", "value": 42.0, "unit": "ms", "description": "LSTM fwd+bwd", "detail": ""}""",
        """{"kind": "error", "workload": "conv1-full", "library": "torch", "message": "RuntimeError: boom"}""",
    ]);

    [Fact]
    public void Each_peer_figure_prints_under_our_row_in_its_columns_with_the_speed_ratio_and_direction()
    {
        var comparison = new PeerComparison(Output(), "OMP/OpenBLAS/MKL threads 2");

        var lines = comparison.Compare("sgemm", "n = 512", 480, "GFLOP/s", "sgemm-512");

        Assert.Equal(
        [
            "    vs PyTorch 1.13.0                                     464.000 GFLOP/s  ours is 1.03× as fast: ours faster (GFLOP/s: higher is better)",
            "    vs numpy + OpenBLAS (Cooperlake)                      500.000 GFLOP/s  ours is 0.96× as fast: numpy faster (GFLOP/s: higher is better)",
        ], lines);
        Assert.Equal([480.0 / 464, 480.0 / 500], comparison.Pairs.Select(p => p.Speed));
    }

    [Fact]
    public void A_workload_the_peer_failed_prints_the_reason_instead_of_a_figure()
    {
        var comparison = new PeerComparison(Output(), "");

        Assert.Equal(["    vs PyTorch: no figure (the peer script failed: RuntimeError: boom)"],
            comparison.Compare("conv", "64x1x28x28: fwd+bwd (dX, dW, db)", 0.9, "ms", "conv1-full"));
        Assert.Equal(["    vs PyTorch: no figure (the peer script did not measure \"mlp-sgd\")"],
            comparison.Compare("mlp", "step with SGD", 0.7, "ms", "mlp-sgd"));
        Assert.Empty(comparison.Pairs);
    }

    [Fact]
    public void The_summary_is_a_markdown_table_with_both_machines_and_what_was_not_compared()
    {
        var comparison = new PeerComparison(Output(), "OPENBLAS_CORETYPE=Haswell removed, OMP/OpenBLAS/MKL threads 2");
        comparison.Compare("sgemm", "n = 512", 480, "GFLOP/s", "sgemm-512");
        comparison.Compare("xor", "step", 1.7, "µs", "xor");
        comparison.Compare("conv", "conv1 full", 0.9, "ms", "conv1-full");

        string summary = comparison.Summary("Test CPU, 2 logical cores");

        Assert.Equal(string.Join(Environment.NewLine,
            "",
            "== Side by side with PyTorch (CPU), markdown",
            "",
            "- ours: Test CPU, 2 logical cores",
            "- peer: torch 1.13.0 (CPU capability AVX2, oneDNN), numpy 1.24.2, OpenBLAS 0.3.21 core Cooperlake, 2 threads; Python 3.11.2 /usr/bin/python3; " +
                "OPENBLAS_CORETYPE=Haswell removed, OMP/OpenBLAS/MKL threads 2",
            "- figures are medians after a warm-up; speed = how many times as fast ours is (> 1: ours faster)",
            "",
            "| workload | ours | peer | peer's figure | speed (ours ÷ peer) |",
            "|---|---:|---|---:|---:|",
            "| SGEMM n = 512 | 480 GFLOP/s | PyTorch 1.13.0 | 464 GFLOP/s | 1.03× |",
            "| SGEMM n = 512 | 480 GFLOP/s | numpy + OpenBLAS (Cooperlake) | 500 GFLOP/s | 0.96× |",
            "| XOR 2-2-1 step | 1.70 µs | PyTorch 1.13.0 | 100 µs | 59× |",
            "- not compared: conv \"conv1 full\" (conv1-full): the peer script failed: RuntimeError: boom",
            "- not compared: the peer measured lstm-step (PyTorch) but no row of ours named it",
            ""), summary);
    }

    [Fact]
    public void Two_rows_of_ours_on_one_workload_are_told_apart_by_our_label()
    {
        var comparison = new PeerComparison(Output(), "");
        comparison.Compare("lstm", "fused", 4.9, "ms", "lstm-step");
        comparison.Compare("lstm", "step by step", 7.4, "ms", "lstm-step");

        string summary = comparison.Summary("ours");

        Assert.Contains("| LSTM fwd+bwd (fused) | 4.90 ms | PyTorch 1.13.0 | 42.0 ms | 8.57× |", summary, StringComparison.Ordinal);
        Assert.Contains("| LSTM fwd+bwd (step by step) | 7.40 ms | PyTorch 1.13.0 | 42.0 ms | 5.68× |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_row_that_names_a_peer_workload_is_followed_by_the_peer_line_only_in_compare_mode()
    {
        var plain = new StringWriter();
        new BenchmarkReport(plain, quick: true).Row("xor", "step", 1.7, "µs", peer: PeerWorkloads.Xor);
        var compared = new StringWriter();
        var report = new BenchmarkReport(compared, quick: true) { Comparison = new PeerComparison(Output(), "") };
        report.Row("xor", "step", 1.7, "µs", peer: PeerWorkloads.Xor);

        string row = "  step                                                      1.700 µs" + Environment.NewLine;
        Assert.Equal(row, plain.ToString());
        Assert.Equal(row + "    vs PyTorch 1.13.0                                     100.000 µs       ours is 59× as fast: ours faster (µs: lower is better)" +
            Environment.NewLine, compared.ToString());
        Assert.Equal(("xor", "step", 1.7, "µs", "xor"), report.Rows.Single());
    }
}
