namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class PeerOutputTests
{
    private const string MachineLine = """{"kind": "machine", "python": "3.11.2", "executable": "/usr/bin/python3", "torch": "1.13.0a0", "numpy": "1.24.2", "threads": 2, "openblas_core": "Cooperlake", "openblas_config": "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64", "openblas_coretype_removed": null, "torch_cpu_capability": "AVX2", "mkldnn": true, "quick": false}""";

    [Fact]
    public void Parses_the_machine_line_results_and_errors_as_the_script_writes_them()
    {
        var output = PeerOutput.Parse(
        [
            MachineLine,
            """{"kind": "result", "workload": "sgemm-512", "library": "numpy", "value": 460.25, "unit": "GFLOP/s", "description": "SGEMM n = 512", "detail": "0.583 ms"}""",
            """{"kind": "result", "workload": "xor", "library": "torch", "value": 101.5, "unit": "\u00b5s", "description": "XOR 2-2-1, full batch, one SGD step", "detail": ""}""",
            """{"kind": "error", "workload": "conv1-full", "library": "torch", "message": "RuntimeError: out of memory"}""",
        ]);

        Assert.Equal(new PeerMachine("3.11.2", "/usr/bin/python3", "1.13.0a0", "1.24.2", 2, "Cooperlake",
            "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64", null, "AVX2", true, false), output.Machine);
        Assert.Equal(
        [
            new PeerResult("sgemm-512", "numpy", 460.25, "GFLOP/s", "SGEMM n = 512", "0.583 ms"),
            new PeerResult("xor", "torch", 101.5, "µs", "XOR 2-2-1, full batch, one SGD step", ""),
        ], output.Results);
        Assert.Equal([new PeerError("conv1-full", "torch", "RuntimeError: out of memory")], output.Errors);
        Assert.Empty(output.Unrecognized);
    }

    [Fact]
    public void The_machine_description_names_versions_the_openblas_core_and_the_removed_override()
    {
        var machine = PeerOutput.Parse([MachineLine.Replace("\"openblas_coretype_removed\": null", "\"openblas_coretype_removed\": \"Haswell\"", StringComparison.Ordinal)]).Machine!;

        Assert.Equal("torch 1.13.0a0 (CPU capability AVX2, oneDNN), numpy 1.24.2, OpenBLAS 0.3.21 core Cooperlake (OPENBLAS_CORETYPE=Haswell removed), " +
            "2 threads; Python 3.11.2 /usr/bin/python3", machine.Describe());
    }

    [Fact]
    public void Lines_that_are_not_its_json_are_kept_aside_not_parsed()
    {
        var output = PeerOutput.Parse(["UserWarning: something about threads", "[1, 2]", """{"kind": "progress"}""", "", "{not json"]);

        Assert.Null(output.Machine);
        Assert.Empty(output.Results);
        Assert.Equal(["UserWarning: something about threads", "[1, 2]", """{"kind": "progress"}""", "{not json"], output.Unrecognized);
    }

    [Fact]
    public void A_result_without_a_value_is_a_broken_script_and_the_error_names_the_field_and_line()
    {
        const string line = """{"kind": "result", "workload": "xor", "library": "torch", "unit": "µs"}""";

        var error = Assert.Throws<FormatException>(() => PeerOutput.Parse([line]));

        Assert.Contains("\"value\" is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_written_as_text_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => PeerOutput.Parse(
            ["""{"kind": "result", "workload": "xor", "library": "torch", "value": "101.5", "unit": "µs"}"""]));

        Assert.Contains("\"value\" must be a number, got String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_best_of_two_runs_keeps_the_faster_figure_per_workload_and_says_where_it_came_from()
    {
        var spinning = PeerOutput.Parse(
        [
            MachineLine,
            """{"kind": "result", "workload": "lstm-step", "library": "torch", "value": 3700.0, "unit": "ms", "detail": "fastest 3600.000 ms"}""",
            """{"kind": "result", "workload": "sgemm-512", "library": "torch", "value": 470.0, "unit": "GFLOP/s"}""",
            """{"kind": "result", "workload": "xor", "library": "torch", "value": 100.0, "unit": "µs"}""",
            """{"kind": "error", "workload": "conv1-full", "library": "torch", "message": "first run failed"}""",
        ]);
        var passive = PeerOutput.Parse(
        [
            """{"kind": "result", "workload": "lstm-step", "library": "torch", "value": 20.0, "unit": "ms", "detail": "fastest 19.000 ms"}""",
            """{"kind": "result", "workload": "sgemm-512", "library": "torch", "value": 460.0, "unit": "GFLOP/s"}""",
            """{"kind": "result", "workload": "conv1-full", "library": "torch", "value": 2.5, "unit": "ms"}""",
            """{"kind": "error", "workload": "xor", "library": "torch", "message": "second run failed"}""",
            """{"kind": "error", "workload": "attention", "library": "torch", "message": "both failed"}""",
        ]);

        var best = spinning.BestOf(passive, "OMP_WAIT_POLICY unset", "PASSIVE");

        Assert.Equal(spinning.Machine, best.Machine);
        Assert.Equal(
        [
            new PeerResult("lstm-step", "torch", 20.0, "ms", "", "PASSIVE, fastest 19.000 ms; OMP_WAIT_POLICY unset: 3700 ms"),
            new PeerResult("sgemm-512", "torch", 470.0, "GFLOP/s", "", "OMP_WAIT_POLICY unset; PASSIVE: 460 GFLOP/s"),
            new PeerResult("xor", "torch", 100.0, "µs", "", ""),
            new PeerResult("conv1-full", "torch", 2.5, "ms", "", ""),
        ], best.Results);
        Assert.Equal([new PeerError("attention", "torch", "both failed")], best.Errors);
    }
}
