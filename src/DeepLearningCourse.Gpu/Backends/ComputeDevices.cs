using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace DeepLearningCourse.Engine;

/// <summary>Which device <see cref="ComputeDevices.Create"/> should use.</summary>
public enum DevicePreference
{
    /// <summary>The environment variable DLC_DEVICE if set, else the first that works of CUDA, OpenCL, CPU.</summary>
    Auto,
    /// <summary>An NVIDIA GPU (fails when there is none).</summary>
    Cuda,
    /// <summary>An OpenCL device ILGPU supports (fails when there is none).</summary>
    OpenCL,
    /// <summary>The engine's CPU code (<see cref="CpuBackend"/>).</summary>
    Cpu,
    /// <summary>ILGPU's CPU accelerator running the GPU kernels (slow; for tests and teaching).</summary>
    IlgpuCpu,
}

/// <summary>
/// Device selection: <c>ComputeDevices.Create()</c> returns the best backend on this machine — CUDA, then OpenCL,
/// then the engine's CPU code — unless DLC_DEVICE (cuda | opencl | cpu | ilgpu-cpu) or an explicit
/// <see cref="DevicePreference"/> says otherwise. The returned backend's <see cref="ComputeBackend.Describe"/> names
/// the device, its memory, and why every other device was skipped. Without a GPU, the fallback to the CPU is
/// reported once per process on <see cref="EngineLog.Writer"/>.
/// </summary>
/// <remarks>The caller owns the returned backend and disposes it last, after the tensors it allocated.</remarks>
public static class ComputeDevices
{
    /// <summary>The environment variable that overrides automatic selection.</summary>
    public const string EnvironmentVariable = "DLC_DEVICE";

    private static readonly Lock s_gate = new();
    private static bool s_toldCpuFallback;
    private static string? s_resolverNote;

    /// <summary>Creates the backend for <paramref name="preference"/> (see <see cref="DevicePreference"/>).</summary>
    public static ComputeBackend Create(DevicePreference preference = DevicePreference.Auto)
    {
        if (preference == DevicePreference.Auto) preference = PreferenceFromEnvironment();
        switch (preference)
        {
            case DevicePreference.Cpu:
                return new CpuBackend($"Chosen explicitly (DevicePreference.Cpu or {EnvironmentVariable}=cpu); GPUs were not probed.");
            case DevicePreference.IlgpuCpu:
                return CreateIlgpuCpu();
            case DevicePreference.Cuda:
            case DevicePreference.OpenCL:
            {
                var kind = preference == DevicePreference.Cuda ? DeviceKind.Cuda : DeviceKind.OpenCL;
                var probe = Probe();
                var backend = probe.TryCreate(kind, out string reason);
                return backend ?? throw new InvalidOperationException(
                    $"ComputeDevices: {kind} was requested ({EnvironmentVariable} or DevicePreference) but cannot be used: {reason}. Use DLC_DEVICE=cpu (or unset it) to run on the CPU.");
            }
            default:
            {
                var probe = Probe();
                var backend = probe.TryCreate(DeviceKind.Cuda, out _) ?? probe.TryCreate(DeviceKind.OpenCL, out _);
                if (backend is not null) return backend;
                string skipped = probe.Report();
                lock (s_gate)
                {
                    if (!s_toldCpuFallback)
                    {
                        s_toldCpuFallback = true;
                        EngineLog.Writer.WriteLine("DeepLearningCourse: no usable GPU; running on the CPU. " + skipped.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
                    }
                }
                return new CpuBackend(skipped);
            }
        }
    }

    /// <summary>DLC_DEVICE parsed: cuda | opencl | cpu | ilgpu-cpu (case-insensitive); Auto when unset.</summary>
    public static DevicePreference PreferenceFromEnvironment() => ParsePreference(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Parses a DLC_DEVICE value: cuda | opencl | cpu | ilgpu-cpu | auto (case-insensitive); null or empty is Auto.</summary>
    public static DevicePreference ParsePreference(string? text)
    {
        string? value = text?.Trim();
        return value?.ToUpperInvariant() switch
        {
            null or "" or "AUTO" => DevicePreference.Auto,
            "CUDA" or "GPU" => DevicePreference.Cuda,
            "OPENCL" => DevicePreference.OpenCL,
            "CPU" => DevicePreference.Cpu,
            "ILGPU-CPU" or "ILGPUCPU" => DevicePreference.IlgpuCpu,
            _ => throw new InvalidOperationException($"{EnvironmentVariable}={value} is not understood; use cuda, opencl, cpu or ilgpu-cpu (or unset it for automatic selection)."),
        };
    }

    /// <summary>
    /// ILGPU's CPU accelerator configured like an NVIDIA GPU (warp 32, up to 1024 threads per group, shared memory),
    /// so the 16×16 tiled kernels run; the default CPU device allows only 16 threads per group.
    /// </summary>
    public static IlgpuBackend CreateIlgpuCpu()
    {
        var context = Context.Create(builder => builder.CPU(CPUDeviceKind.Nvidia).EnableAlgorithms());
        try
        {
            var accelerator = context.CreateCPUAccelerator(0);
            return new IlgpuBackend(context, accelerator, DeviceKind.IlgpuCpu, "Chosen explicitly: ILGPU's CPU accelerator simulating an NVIDIA device (correct but slow).");
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>A text listing every CUDA and OpenCL device ILGPU sees and whether it is usable (no accelerator is created).</summary>
    public static string DescribeDevices() => Probe().Report();

    private static DeviceProbe Probe() => new();

    /// <summary>
    /// ILGPU loads OpenCL by the library name "opencl"; Debian ships only libOpenCL.so.1 (package ocl-icd-libopencl1),
    /// so without this mapping ILGPU silently finds no OpenCL device. Only one resolver per assembly is allowed and
    /// ILGPU registers its own for CUDA under WSL when CUDA is first probed, so this runs after the CUDA probe and
    /// gives way (with a note) if a resolver is already set.
    /// </summary>
    private static void MapOpenCLLibraryName()
    {
        lock (s_gate)
        {
            if (s_resolverNote is not null) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, ResolveOpenCL);
                s_resolverNote = "";
            }
            catch (InvalidOperationException e)
            {
                s_resolverNote = $"(could not map 'opencl' to libOpenCL.so.1: {e.Message})";
            }
        }
    }

    private static IntPtr ResolveOpenCL(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!libraryName.Equals("opencl", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        foreach (string candidate in new[] { "libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll", "/System/Library/Frameworks/OpenCL.framework/OpenCL" })
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle)) return handle;
        }
        return IntPtr.Zero;
    }

    /// <summary>One look at the machine: which CUDA and OpenCL devices exist and why each is or is not usable.</summary>
    private sealed class DeviceProbe
    {
        private readonly List<string> _lines = [];
        private readonly List<(DeviceKind Kind, string Name, Func<Context> CreateContext)> _usable = [];
        private readonly Dictionary<DeviceKind, string> _reasons = [];

        public DeviceProbe()
        {
            ProbeCuda();
            MapOpenCLLibraryName();
            ProbeOpenCL();
        }

        public string Report() => string.Join(Environment.NewLine, _lines);

        /// <summary>An accelerator on the first usable device of <paramref name="kind"/>, or null with the reason.</summary>
        public IlgpuBackend? TryCreate(DeviceKind kind, out string reason)
        {
            reason = _reasons.TryGetValue(kind, out string? r) ? r : $"{kind}: no device";
            foreach (var (deviceKind, name, createContext) in _usable)
            {
                if (deviceKind != kind) continue;
                Context? context = null;
                try
                {
                    context = createContext();
                    var accelerator = context.Devices.First(d => d.AcceleratorType != AcceleratorType.CPU).CreateAccelerator(context);
                    return new IlgpuBackend(context, accelerator, kind, "Device selection:" + Environment.NewLine + Report());
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException or AcceleratorException or DllNotFoundException or ArgumentException)
                {
                    context?.Dispose();
                    reason = $"{kind}: {name} failed to start: {e.Message}";
                    _lines.Add(reason);
                }
            }
            return null;
        }

        private void ProbeCuda()
        {
            try
            {
                using var context = Context.Create(b => b.Cuda());
                var devices = context.GetCudaDevices();
                if (devices.Count == 0)
                {
                    Skip(DeviceKind.Cuda, "CUDA: no device (no NVIDIA driver library libcuda.so, or no NVIDIA GPU)");
                    return;
                }
                foreach (var device in devices)
                {
                    int id = device.DeviceId;
                    _usable.Add((DeviceKind.Cuda, device.Name, () => Context.Create(b => b.Cuda(d => d.DeviceId == id).EnableAlgorithms())));
                    _lines.Add($"CUDA: {device.Name}, {device.MemorySize / (1024.0 * 1024 * 1024):F1} GiB — usable");
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException)
            {
                Skip(DeviceKind.Cuda, $"CUDA: unavailable ({e.GetType().Name}: {e.Message})");
            }
        }

        private void ProbeOpenCL()
        {
            try
            {
                using var context = Context.Create(b => b.OpenCL(_ => true));
                var devices = context.GetCLDevices();
                if (devices.Count == 0)
                {
                    Skip(DeviceKind.OpenCL, "OpenCL: no device (ILGPU loads the library 'opencl' — mapped here to libOpenCL.so.1 — and found no platform; install a vendor ICD, e.g. the NVIDIA driver's)" + s_resolverNote);
                    return;
                }
                foreach (var device in devices)
                {
                    if (device.Capabilities is CLCapabilityContext { GenericAddressSpace: false })
                    {
                        Skip(DeviceKind.OpenCL, $"OpenCL: {device.Name} ({device.VendorName}) rejected: GenericAddressSpace not supported (ILGPU needs it; Debian's PoCL lacks it)");
                        continue;
                    }
                    var (platform, deviceId) = (device.PlatformId, device.DeviceId);
                    _usable.Add((DeviceKind.OpenCL, device.Name, () => Context.Create(b => b.OpenCL(d => d.PlatformId == platform && d.DeviceId == deviceId).EnableAlgorithms())));
                    _lines.Add($"OpenCL: {device.Name} ({device.VendorName}), {device.MemorySize / (1024.0 * 1024 * 1024):F1} GiB — usable");
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException)
            {
                Skip(DeviceKind.OpenCL, $"OpenCL: unavailable ({e.GetType().Name}: {e.Message})");
            }
        }

        private void Skip(DeviceKind kind, string line)
        {
            _lines.Add(line);
            _reasons[kind] = line;
        }
    }
}
