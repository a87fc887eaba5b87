using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Benchmarks;

/// <summary>A Python interpreter to try: its path and where it came from ("DLC_PYTHON", "python3 on PATH").</summary>
public sealed record PythonCandidate(string Path, string Origin)
{
    public override string ToString() => Origin == Path ? Path : $"{Origin} ({Path})";
}

/// <summary>What running the peer script gave: the interpreter that could import torch and its output, or null
/// and a one-line <see cref="Message"/> that says why each candidate failed and what to install.
/// <see cref="Settings"/> says how the child's environment differed from ours.</summary>
public sealed record PeerRun(PythonCandidate? Interpreter, PeerOutput? Output, string Message, string Settings);

/// <summary>
/// Runs pytorch/peer_benchmarks.py as a child process with the first interpreter that can import torch: DLC_PYTHON
/// when set, then Debian's /usr/bin/python3, then python3 on PATH (a pyenv or venv python often lacks torch). The
/// child runs without OPENBLAS_CORETYPE (an override that can pin a slower OpenBLAS kernel than its own CPU detection
/// picks) and with the OpenMP/OpenBLAS/MKL thread counts set to ours. Our process waits while it runs, so the two
/// never share the cores.
/// </summary>
public static class PythonPeer
{
    /// <summary>What to install on Debian/Ubuntu for the comparison.</summary>
    public const string InstallHint = "apt-get install python3-torch libopenblas0-pthread";

    /// <summary>The script's exit status when torch cannot be imported.</summary>
    public const int NoTorchExitCode = 3;

    /// <summary>The script as copied next to the benchmark program.</summary>
    public static string DefaultScript => System.IO.Path.Combine(AppContext.BaseDirectory, "pytorch", "peer_benchmarks.py");

    /// <summary>DLC_PYTHON (when set), /usr/bin/python3, python3 found on PATH; the same file is listed once.</summary>
    public static IReadOnlyList<PythonCandidate> Candidates(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var candidates = new List<PythonCandidate>();
        if (environment("DLC_PYTHON") is { Length: > 0 } chosen) candidates.Add(new PythonCandidate(chosen, "DLC_PYTHON"));
        candidates.Add(new PythonCandidate("/usr/bin/python3", "/usr/bin/python3"));
        string? onPath = (environment("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "python3")).FirstOrDefault(File.Exists);
        candidates.Add(new PythonCandidate(onPath ?? "python3", "python3 on PATH"));
        return candidates.DistinctBy(c => c.Path).ToList();
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="arguments"/> under each candidate in turn until one can
    /// import torch. Each result line is passed to <paramref name="onLine"/> as it arrives (progress).
    /// <paramref name="ompWaitPolicy"/> sets OMP_WAIT_POLICY for the child (null: as in our environment).
    /// </summary>
    public static PeerRun Run(IReadOnlyList<PythonCandidate> candidates, string script, IReadOnlyList<string> arguments, int threads,
        TimeSpan timeout, Action<object>? onLine = null, string? ompWaitPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(arguments);
        string? coreType = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        string settings = (coreType is null ? "" : $"OPENBLAS_CORETYPE={coreType} removed, ") + $"OMP/OpenBLAS/MKL threads {threads}" +
            (ompWaitPolicy is null ? "" : $", OMP_WAIT_POLICY={ompWaitPolicy}");
        if (!File.Exists(script))
            return new PeerRun(null, null, $"PyTorch comparison skipped: the peer script {script} is missing (the build copies it next to the benchmark program); our figures follow.", settings);
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            var (output, failure) = TryRun(candidate, script, arguments, threads, timeout, onLine, ompWaitPolicy);
            if (output is not null)
                return new PeerRun(candidate, output, $"PyTorch peer: {candidate}, {settings}" + (failures.Count > 0 ? $"; not used: {string.Join("; ", failures)}" : ""), settings);
            failures.Add($"{candidate}: {failure}");
        }
        return new PeerRun(null, null, $"PyTorch comparison skipped: no Python here can run it ({string.Join("; ", failures)}). " +
            $"Install PyTorch with `{InstallHint}` or set DLC_PYTHON to a python3 that imports torch; our figures follow.", settings);
    }

    /// <summary>The output when torch was imported (the machine line came), else null and why not, in a few words.</summary>
    private static (PeerOutput? Output, string Failure) TryRun(PythonCandidate candidate, string script, IReadOnlyList<string> arguments, int threads,
        TimeSpan timeout, Action<object>? onLine, string? ompWaitPolicy)
    {
        if (System.IO.Path.IsPathRooted(candidate.Path) && !File.Exists(candidate.Path)) return (null, "not found");
        var start = new ProcessStartInfo(candidate.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        start.Environment.Remove("OPENBLAS_CORETYPE");
        foreach (string variable in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
            start.Environment[variable] = threads.ToString(CultureInfo.InvariantCulture);
        if (ompWaitPolicy is not null) start.Environment["OMP_WAIT_POLICY"] = ompWaitPolicy;

        var output = new PeerOutput();
        var errors = new StringBuilder();
        string? broken = null;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null || broken is not null) return;
            try
            {
                if (output.Add(e.Data) is { } parsed) onLine?.Invoke(parsed);
            }
            catch (FormatException error)
            {
                broken = error.Message;
                try
                {
                    process.Kill(entireProcessTree: true); // its remaining figures could not be trusted either
                }
                catch (InvalidOperationException)
                {
                    // it has already exited
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            return (null, $"cannot be started: {error.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (null, $"no answer within {timeout.TotalSeconds:F0} s (killed)");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        if (broken is not null) return (null, broken);
        if (output.Machine is not null) return (output, "");
        if (process.ExitCode == NoTorchExitCode && output.Errors.Count > 0) return (null, output.Errors[0].Message);
        string lastError = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        return (null, $"exited with status {process.ExitCode}: {lastError}");
    }
}
