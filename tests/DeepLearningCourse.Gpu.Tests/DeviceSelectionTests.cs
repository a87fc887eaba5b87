namespace DeepLearningCourse.Gpu.Tests;

public sealed class DeviceSelectionTests
{
    [Fact]
    public void Explicit_cpu_backend_describes_itself()
    {
        using var backend = ComputeDevices.Create(DevicePreference.Cpu);
        Assert.Equal(DeviceKind.Cpu, backend.Kind);
        Assert.Contains("CPU", backend.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, DevicePreference.Auto)]
    [InlineData("", DevicePreference.Auto)]
    [InlineData("cuda", DevicePreference.Cuda)]
    [InlineData(" OpenCL ", DevicePreference.OpenCL)]
    [InlineData("CPU", DevicePreference.Cpu)]
    [InlineData("ilgpu-cpu", DevicePreference.IlgpuCpu)]
    public void Dlc_device_values_are_parsed(string? value, DevicePreference expected)
    {
        Assert.Equal(expected, ComputeDevices.ParsePreference(value));
    }

    [Fact]
    public void An_unknown_dlc_device_value_lists_the_valid_ones()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ComputeDevices.ParsePreference("tpu"));
        Assert.Contains("DLC_DEVICE=tpu", e.Message, StringComparison.Ordinal);
        Assert.Contains("cuda, opencl, cpu or ilgpu-cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_report_says_what_was_found_for_cuda_and_opencl()
    {
        string report = ComputeDevices.DescribeDevices();
        Assert.Contains("CUDA:", report, StringComparison.Ordinal);
        Assert.Contains("OpenCL:", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Automatic_selection_picks_a_gpu_or_says_why_it_fell_back()
    {
        if (Environment.GetEnvironmentVariable(ComputeDevices.EnvironmentVariable) is { Length: > 0 } value)
            Assert.Skip($"{ComputeDevices.EnvironmentVariable}={value} overrides automatic selection in this run.");
        using var backend = ComputeDevices.Create();
        if (backend.Kind == DeviceKind.Cpu)
        {
            Assert.Contains("CUDA:", backend.Describe(), StringComparison.Ordinal);
            Assert.Contains("OpenCL:", backend.Describe(), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(backend.Kind is DeviceKind.Cuda or DeviceKind.OpenCL);
        }
    }

    [Fact]
    public void Ilgpu_cpu_accelerator_is_configured_like_an_nvidia_device()
    {
        using var backend = ComputeDevices.CreateIlgpuCpu();
        Assert.Equal(32, backend.Accelerator.WarpSize);
        Assert.True(backend.Accelerator.MaxNumThreadsPerGroup >= 256, "the 16×16 kernels need 256 threads per group");
        Assert.Contains("simulating", backend.Describe(), StringComparison.Ordinal);
    }
}
