namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// The peer script's first line: which interpreter ran it, torch and numpy versions, its thread count, the OpenBLAS
/// kernel core the process loaded (e.g. "Cooperlake"; "Haswell" means an override halved it) and the override the
/// script removed, ATen's CPU capability and whether oneDNN (mkldnn) is available.
/// </summary>
public sealed record PeerMachine(string Python, string Executable, string Torch, string? Numpy, int Threads, string? OpenBlasCore,
    string? OpenBlasConfig, string? OpenBlasCoretypeRemoved, string? TorchCpuCapability, bool Mkldnn, bool Quick)
{
    /// <summary>"torch 1.13.0 (CPU capability AVX2, oneDNN), numpy 1.24.2, OpenBLAS 0.3.21 core Cooperlake, 2 threads; Python 3.11.2 /usr/bin/python3".</summary>
    public string Describe()
    {
        string torch = $"torch {Torch} (CPU capability {TorchCpuCapability ?? "unknown"}{(Mkldnn ? ", oneDNN" : "")})";
        string numpy = Numpy is null ? "no numpy" : $"numpy {Numpy}";
        string blas = OpenBlasCore is null ? "no OpenBLAS loaded"
            : $"{OpenBlasVersion() ?? "OpenBLAS"} core {OpenBlasCore}{(OpenBlasCoretypeRemoved is null ? "" : $" (OPENBLAS_CORETYPE={OpenBlasCoretypeRemoved} removed)")}";
        return $"{torch}, {numpy}, {blas}, {Threads} thread{(Threads == 1 ? "" : "s")}; Python {Python} {Executable}";
    }

    /// <summary>Library and version from the OpenBLAS config string ("OpenBLAS 0.3.21 NO_LAPACKE ..." → "OpenBLAS 0.3.21").</summary>
    private string? OpenBlasVersion()
    {
        var words = OpenBlasConfig?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is { Length: >= 2 } ? $"{words[0]} {words[1]}" : null;
    }
}
