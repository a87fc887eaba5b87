using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// The first call of every notebook: <c>Course.Setup();</c> right after <c>#r "../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll"</c>.
/// </summary>
/// <remarks>
/// Setup is idempotent per kernel. It (1) answers assembly requests for a version the kernel does not have (Plotly.NET 6 asks
/// for FSharp.Core 10.1 while the kernels ship 10.0) with the copy already loaded, (2) registers the course formatters after
/// any Plotly.NET.Interactive ones so ours win (offline charts, tensors, graphs, modules), (3) resets the
/// "plotly.js already emitted" flag so the notebook's first chart carries plotly.js, and (4) prints one line saying what is loaded.
/// </remarks>
public static class Course
{
    private static readonly Lock s_gate = new();
    private static bool s_formattersRegistered;

    /// <summary>Prepares the kernel for the course notebooks and prints what is loaded. Safe to call more than once.</summary>
    public static void Setup()
    {
        lock (s_gate)
        {
            AssemblyRedirects.Install();
            if (!s_formattersRegistered)
            {
                RegisterFormatters();
                s_formattersRegistered = true;
            }
            PlotlyHtml.ResetScriptFlag();
        }
        Console.WriteLine(Describe());
    }

    /// <summary>
    /// One line: engine version, CPU SIMD width, threads, the compute device and the garbage collector, e.g.
    /// "DeepLearningCourse engine 1.0.0 · CPU SIMD 512-bit (AVX-512) · 2 threads · no GPU used (CPU backend) · server GC · charts offline".
    /// </summary>
    public static string Describe()
    {
        string version = typeof(Engine.Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Engine.Tensor).Assembly.GetName().Version?.ToString() ?? "?";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0) version = version[..plus];
        return string.Create(CultureInfo.InvariantCulture,
            $"DeepLearningCourse engine {version} · CPU SIMD {SimdDescription()} · {Environment.ProcessorCount} threads · no GPU used (CPU backend) · {GarbageCollectorDescription()} · charts offline");
    }

    /// <summary>
    /// "server GC", or for the workstation collector (a kernel's default) a hint: next to the compiler's heap it
    /// collects almost every step of a small-tensor training loop, and training runs 2–3× slower (README).
    /// </summary>
    public static string GarbageCollectorDescription() => System.Runtime.GCSettings.IsServerGC
        ? "server GC"
        : "workstation GC (start the editor with DOTNET_gcServer=1 to train small networks 2–3× faster, see README)";

    /// <summary>The widest hardware-accelerated vector: "512-bit (AVX-512)", "256-bit (AVX2)", "128-bit" or "none".</summary>
    public static string SimdDescription() =>
        Vector512.IsHardwareAccelerated ? "512-bit (AVX-512)"
        : Vector256.IsHardwareAccelerated ? "256-bit (AVX2)"
        : Vector128.IsHardwareAccelerated ? "128-bit"
        : "none";

    // Kept out of Setup so that no Plotly.NET type is resolved before the assembly redirect is installed.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterFormatters() => CourseFormatters.Register();
}
