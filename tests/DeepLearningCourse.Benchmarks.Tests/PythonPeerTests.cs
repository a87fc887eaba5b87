namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class PythonPeerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void The_script_ships_next_to_the_benchmark_program()
    {
        Assert.True(File.Exists(PythonPeer.DefaultScript), $"{PythonPeer.DefaultScript} is missing from the build output");
    }

    [Fact]
    public void A_bogus_interpreter_gives_one_line_that_names_it_and_says_what_to_install()
    {
        var run = PythonPeer.Run([new PythonCandidate("/nonexistent/bin/python3", "DLC_PYTHON")], PythonPeer.DefaultScript, ["--workloads", "xor"], 2, s_timeout);

        Assert.Null(run.Output);
        Assert.DoesNotContain('\n', run.Message);
        Assert.StartsWith("PyTorch comparison skipped: no Python here can run it (DLC_PYTHON (/nonexistent/bin/python3): not found). ", run.Message, StringComparison.Ordinal);
        Assert.Contains("`apt-get install python3-torch libopenblas0-pthread`", run.Message, StringComparison.Ordinal);
        Assert.EndsWith("our figures follow.", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interpreter_without_torch_is_named_with_the_import_error()
    {
        string fake = StandInInterpreter("""
            #!/bin/sh
            echo '{"kind": "error", "workload": null, "library": "torch", "message": "cannot import torch (No module named '"'"'torch'"'"')"}'
            exit 3
            """);

        var run = PythonPeer.Run([new PythonCandidate(fake, fake), new PythonCandidate("/nonexistent/python3", "python3 on PATH")],
            PythonPeer.DefaultScript, ["--workloads", "xor"], 2, s_timeout);

        Assert.Null(run.Output);
        Assert.Contains($"{fake}: cannot import torch (No module named 'torch'); python3 on PATH (/nonexistent/python3): not found)", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_child_runs_without_the_openblas_core_override_and_with_our_thread_count()
    {
        string fake = StandInInterpreter("""
            #!/bin/sh
            echo "{\"kind\": \"machine\", \"python\": \"3\", \"executable\": \"sh\", \"torch\": \"0\", \"threads\": $OMP_NUM_THREADS, \"openblas_core\": \"${OPENBLAS_CORETYPE:-none}\", \"mkldnn\": false, \"quick\": true}"
            echo "{\"kind\": \"result\", \"workload\": \"xor\", \"library\": \"torch\", \"value\": $OPENBLAS_NUM_THREADS, \"unit\": \"ms\"}"
            """);
        string? original = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        Environment.SetEnvironmentVariable("OPENBLAS_CORETYPE", "Haswell");
        try
        {
            var run = PythonPeer.Run([new PythonCandidate(fake, fake)], PythonPeer.DefaultScript, [], 3, s_timeout);

            Assert.Equal(3, run.Output!.Machine!.Threads);
            Assert.Equal("none", run.Output.Machine.OpenBlasCore);
            Assert.Equal(3, run.Output.Results.Single().Value);
            Assert.Equal("OPENBLAS_CORETYPE=Haswell removed, OMP/OpenBLAS/MKL threads 3", run.Settings);
            Assert.Equal($"PyTorch peer: {fake}, OPENBLAS_CORETYPE=Haswell removed, OMP/OpenBLAS/MKL threads 3", run.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENBLAS_CORETYPE", original);
        }
    }

    [Fact]
    public void Output_that_breaks_the_line_format_fails_the_run_and_names_the_field()
    {
        string fake = StandInInterpreter("""
            #!/bin/sh
            echo '{"kind": "machine", "python": "3", "executable": "sh", "torch": "0", "threads": 2, "mkldnn": false, "quick": true}'
            echo '{"kind": "result", "workload": "xor", "library": "torch", "unit": "ms"}'
            sleep 30
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = PythonPeer.Run([new PythonCandidate(fake, fake)], PythonPeer.DefaultScript, [], 2, s_timeout);

        Assert.Null(run.Output);
        Assert.Contains("the field \"value\" is missing", run.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"the broken peer was not stopped ({clock.Elapsed})");
    }

    [Fact]
    public void A_missing_script_is_said_in_one_line()
    {
        var run = PythonPeer.Run([new PythonCandidate("/usr/bin/python3", "/usr/bin/python3")], "/nonexistent/peer_benchmarks.py", [], 2, s_timeout);

        Assert.Null(run.Output);
        Assert.StartsWith("PyTorch comparison skipped: the peer script /nonexistent/peer_benchmarks.py is missing", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_are_DLC_PYTHON_then_debians_python3_then_python3_on_PATH()
    {
        string directory = Directory.CreateTempSubdirectory("dlc-path-").FullName;
        File.WriteAllText(Path.Combine(directory, "python3"), "");
        var environment = new Dictionary<string, string?> { ["DLC_PYTHON"] = "/opt/torch/bin/python", ["PATH"] = "/nonexistent" + Path.PathSeparator + directory };

        var candidates = PythonPeer.Candidates(name => environment.GetValueOrDefault(name));

        Assert.Equal(
        [
            new PythonCandidate("/opt/torch/bin/python", "DLC_PYTHON"),
            new PythonCandidate("/usr/bin/python3", "/usr/bin/python3"),
            new PythonCandidate(Path.Combine(directory, "python3"), "python3 on PATH"),
        ], candidates);
    }

    [Fact]
    public void The_same_interpreter_is_tried_once_and_python3_missing_from_PATH_stays_a_bare_name()
    {
        var environment = new Dictionary<string, string?> { ["DLC_PYTHON"] = "/usr/bin/python3", ["PATH"] = "/nonexistent" };

        var candidates = PythonPeer.Candidates(name => environment.GetValueOrDefault(name));

        Assert.Equal([new PythonCandidate("/usr/bin/python3", "DLC_PYTHON"), new PythonCandidate("python3", "python3 on PATH")], candidates);
    }

    [Fact]
    public void Compare_mode_without_torch_prints_the_reason_and_returns_no_comparison()
    {
        var writer = new StringWriter();

        var comparison = ComparisonMode.Start(["xor"], quick: true, writer, [new PythonCandidate("/nonexistent/python3", "DLC_PYTHON")]);

        Assert.Null(comparison);
        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("  PyTorch comparison skipped: no Python here can run it (DLC_PYTHON (/nonexistent/python3): not found). " +
            "Install PyTorch with `apt-get install python3-torch libopenblas0-pthread` or set DLC_PYTHON to a python3 that imports torch; our figures follow.", lines[^1]);
    }

    /// <summary>An executable shell script standing in for python3 (the test is skipped on Windows).</summary>
    private static string StandInInterpreter(string body)
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("The stand-in interpreter is a shell script.");
        string path = Path.Combine(Directory.CreateTempSubdirectory("dlc-python-").FullName, "python3");
        File.WriteAllText(path, body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
