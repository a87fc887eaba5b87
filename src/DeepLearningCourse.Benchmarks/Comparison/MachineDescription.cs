using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>The machine our figures come from, in one line for a report: CPU model, cores, SIMD width, .NET, OS, load.</summary>
public static class MachineDescription
{
    /// <summary>"AMD EPYC (family 26, model 2), 2 logical cores, Vector512, .NET 10.0.0, Linux 6.1..., engine GEMM: ...".</summary>
    public static string Describe()
    {
        string cpu = File.Exists("/proc/cpuinfo") ? CpuModel(File.ReadAllText("/proc/cpuinfo")) ?? "unknown CPU" : RuntimeInformation.ProcessArchitecture.ToString();
        string simd = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "no wide SIMD";
        string load = LoadAverage() is double average ? string.Create(CultureInfo.InvariantCulture, $", 1-minute load {average:F1} at the end") : "";
        return $"{cpu}, {Environment.ProcessorCount} logical cores, {simd}, {RuntimeInformation.FrameworkDescription}, " +
            $"{RuntimeInformation.OSDescription}; engine GEMM {Gemm.Description}{load}";
    }

    /// <summary>The 1-minute load average (runnable processes, Linux's /proc/loadavg), or null where there is none.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double load)
                ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// A warning when more processes want to run than there are cores (then both sides' figures measure the
    /// sharing, and PyTorch's OpenMP and OpenBLAS threads, which spin while they wait, suffer most), else null.
    /// </summary>
    public static string? LoadWarning() => LoadAverage() is double load && load >= Environment.ProcessorCount
        ? string.Create(CultureInfo.InvariantCulture, $"warning: 1-minute load {load:F1} on {Environment.ProcessorCount} cores: other processes share the cores, so both sides' figures are unreliable (PyTorch's spinning OpenMP/OpenBLAS threads suffer most); compare on an idle machine")
        : null;

    /// <summary>
    /// The first processor's "model name" from Linux's /proc/cpuinfo text, with its family and model numbers (a
    /// virtual machine may show only "AMD EPYC"; family 26 is Zen 5), or null when there is none.
    /// </summary>
    public static string? CpuModel(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        string? name = null, family = null, model = null;
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "processor" && name is not null) break;
            if (key == "model name") name = value;
            else if (key == "cpu family") family = value;
            else if (key == "model") model = value;
        }
        if (name is null) return null;
        return family is null || model is null ? name : $"{name} (family {family}, model {model})";
    }
}
