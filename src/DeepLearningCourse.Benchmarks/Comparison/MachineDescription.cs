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
        string load = File.Exists("/proc/loadavg") ? $", 1-minute load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end" : "";
        return $"{cpu}, {Environment.ProcessorCount} logical cores, {simd}, {RuntimeInformation.FrameworkDescription}, " +
            $"{RuntimeInformation.OSDescription}; engine GEMM {Gemm.Description}{load}";
    }

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
