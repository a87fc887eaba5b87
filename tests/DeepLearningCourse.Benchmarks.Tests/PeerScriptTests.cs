using System.Diagnostics;
using System.Text.Json;

namespace DeepLearningCourse.Benchmarks.Tests;

/// <summary>The real peer script under a real interpreter: skipped, with the reason, where there is none.</summary>
public sealed class PeerScriptTests
{
    [Fact]
    public void The_scripts_workloads_are_the_keys_our_rows_use_and_belong_to_our_suites()
    {
        string? python = PythonPeer.Candidates(Environment.GetEnvironmentVariable).Select(c => c.Path).FirstOrDefault(File.Exists);
        if (python is null) Assert.Skip("No python3 found (DLC_PYTHON, /usr/bin/python3, PATH).");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(PythonPeer.DefaultScript);
        start.ArgumentList.Add("--list");
        using var process = Process.Start(start)!;
        var listed = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (Key: e.GetProperty("workload").GetString()!, Suite: e.GetProperty("suite").GetString()!)).ToList();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(PeerWorkloads.All, listed.Select(w => w.Key));
        var suites = typeof(BenchmarkSuite).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(BenchmarkSuite)) && !t.IsAbstract)
            .Select(t => ((BenchmarkSuite)Activator.CreateInstance(t)!).Name).ToHashSet();
        Assert.All(listed, w => Assert.Contains(w.Suite, suites));
    }

    [Fact]
    public void A_quick_real_run_measures_positive_figures_without_the_openblas_override()
    {
        var run = PythonPeer.Run(PythonPeer.Candidates(Environment.GetEnvironmentVariable), PythonPeer.DefaultScript,
            ["--workloads", "xor,sgemm-512", "--quick"], 2, TimeSpan.FromMinutes(5));
        if (run.Output is null) Assert.Skip(run.Message);

        var machine = run.Output.Machine!;
        Assert.Equal(2, machine.Threads);
        Assert.True(machine.Quick);
        Assert.Null(machine.OpenBlasCoretypeRemoved); // our side removed it before the script started
        Assert.Empty(run.Output.Errors);
        var xor = Assert.Single(run.Output.Results, r => r.Workload == "xor");
        Assert.Equal("µs", xor.Unit);
        Assert.InRange(xor.Value, 1, 1e6);
        var sgemm = run.Output.Results.Where(r => r.Workload == "sgemm-512").ToList();
        Assert.Contains(sgemm, r => r.Library == "torch");
        Assert.All(sgemm, r => Assert.Equal("GFLOP/s", r.Unit));
        Assert.All(sgemm, r => Assert.InRange(r.Value, 0.1, 1e5));
    }

    [Fact]
    public void Suites_without_peer_workloads_run_nothing_rather_than_everything()
    {
        var run = PythonPeer.Run(PythonPeer.Candidates(Environment.GetEnvironmentVariable), PythonPeer.DefaultScript,
            ["--suites", "peak,ops", "--quick"], 2, TimeSpan.FromMinutes(2));
        if (run.Output is null) Assert.Skip(run.Message);

        Assert.NotNull(run.Output.Machine);
        Assert.Empty(run.Output.Results);
        Assert.Empty(run.Output.Errors);
    }
}
