namespace DeepLearningCourse.Gpu.Tests;

[Collection(IlgpuCpuCollection.Name)]
public sealed class DeviceTensorTests(IlgpuCpuFixture fixture)
{
    public static TheoryData<bool> Backends() => new() { false, true };

    private ComputeBackend Backend(bool ilgpu) => ilgpu ? fixture.Gpu : fixture.Cpu;

    [Theory]
    [MemberData(nameof(Backends))]
    public void Upload_and_download_round_trip_with_the_shape(bool ilgpu)
    {
        var tensor = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        using var onDevice = Backend(ilgpu).Upload(tensor);
        var back = onDevice.ToTensor();
        Assert.Equal(new[] { 2, 3 }, back.Shape);
        Assert.Equal(tensor.Data, back.Data);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Allocate_gives_zeros_and_reshape_shares_the_memory(bool ilgpu)
    {
        using var t = Backend(ilgpu).Allocate(2, 3);
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v));
        var view = t.Reshape(3, 2);
        view.CopyFrom(new float[] { 1, 2, 3, 4, 5, 6 });
        view.Dispose();                              // a view owns nothing: t stays usable
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray());
    }

    [Fact]
    public void Copy_of_the_wrong_size_names_the_sizes()
    {
        using var t = fixture.Gpu.Allocate(4);
        var e = Assert.Throws<ShapeException>(() => t.CopyFrom(new float[3]));
        Assert.Contains("CopyFrom", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 values", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reshape_to_another_size_is_rejected()
    {
        using var t = fixture.Cpu.Allocate(2, 3);
        var e = Assert.Throws<ShapeException>(() => t.Reshape(4, 2));
        Assert.Contains("Reshape", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_tensor_cannot_be_used()
    {
        var t = fixture.Gpu.Allocate(2);
        using var y = fixture.Gpu.Allocate(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fixture.Gpu.Relu(t, y));
    }

    [Fact]
    public void Trace_level_logs_each_kernel_launch_with_its_time()
    {
        var (level, writer) = (EngineLog.Level, EngineLog.Writer);
        var log = new StringWriter();
        try
        {
            EngineLog.Level = EngineLogLevel.Trace;
            EngineLog.Writer = log;
            fixture.Gpu.Sgemm = SgemmAlgorithm.Naive;
            using var a = fixture.Gpu.Allocate(3, 5);
            using var b = fixture.Gpu.Allocate(5, 2);
            using var c = fixture.Gpu.Allocate(3, 2);
            fixture.Gpu.MatMul(a, b, c);
        }
        finally
        {
            (EngineLog.Level, EngineLog.Writer) = (level, writer);
        }
        Assert.Matches(@"\[gpu\] Naive SGEMM M=3 N=2 K=5: \d+\.\d{3} ms", log.ToString());
    }
}
