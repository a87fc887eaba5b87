namespace DeepLearningCourse.Gpu.Tests;

/// <summary>
/// The same conformance checks on a real NVIDIA GPU. Skipped (reported as skipped, never passed) when there is none.
/// </summary>
public sealed class CudaConformanceTests
{
    private static IlgpuBackend CudaOrSkip()
    {
        try
        {
            return (IlgpuBackend)ComputeDevices.Create(DevicePreference.Cuda);
        }
        catch (InvalidOperationException e)
        {
            Assert.Skip("No CUDA device: " + e.Message);
            throw;
        }
    }

    [Theory]
    [InlineData(SgemmAlgorithm.Naive)]
    [InlineData(SgemmAlgorithm.Tiled)]
    [InlineData(SgemmAlgorithm.RegisterBlocked)]
    public void Sgemm_matches_the_engine_reference_on_cuda(SgemmAlgorithm algorithm)
    {
        using var gpu = CudaOrSkip();
        gpu.Sgemm = algorithm;
        foreach (var (m, n, k) in new[] { (1, 1, 1), (17, 33, 3), (2, 3, 40), (70, 65, 19), (257, 129, 300) })
        {
            var a = TestData.Random(1, m, k);
            var b = TestData.Random(2, k, n);
            var expected = new float[m * n];
            Gemm.Reference(a.Data, b.Data, expected, m, n, k);
            using var da = gpu.Upload(a);
            using var db = gpu.Upload(b);
            using var dc = gpu.Allocate(m, n);
            gpu.MatMul(da, db, dc);
            TestData.AssertClose(new Tensor(expected, m, n), dc.ToTensor(), 1e-4f, $"CUDA {algorithm} {m}x{n}x{k}");
        }
    }

    [Fact]
    public void Mlp_and_cnn_steps_on_cuda_match_the_cpu_backend()
    {
        using var gpu = CudaOrSkip();
        using var cpuBackend = new CpuBackend();
        var x = TestData.Random(3, 64, 20);
        var labels = TestData.Labels(4, 64, 10);
        Sequential Model() => new(new Linear(20, 33, new Random(1)), new ReLU(), new Linear(33, 10, new Random(2)));
        using (var cpu = MlpTrainingStep.FromSequential(cpuBackend, Model(), 64, DeviceOptimizer.Adam(0.01f)))
        using (var onGpu = MlpTrainingStep.FromSequential(gpu, Model(), 64, DeviceOptimizer.Adam(0.01f)))
        {
            for (int s = 0; s < 3; s++)
            {
                cpu.Step(x, labels);
                onGpu.Step(x, labels);
            }
            Assert.Equal(cpu.ReadLoss(), onGpu.ReadLoss(), 1e-4f);
            foreach (var (e, a) in cpu.Parameters.Download().Zip(onGpu.Parameters.Download())) TestData.AssertClose(e, a, 1e-3f, "CUDA MLP");
        }

        var images = TestData.Random(5, 8, 1, 12, 12);
        var imageLabels = TestData.Labels(6, 8, 10);
        using var cnnCpu = CnnTrainingStep.CreateRandom(cpuBackend, new Random(7), 8, 1, 12, 12, 4, 5, 10, DeviceOptimizer.Sgd(0.05f));
        using var cnnGpu = CnnTrainingStep.CreateRandom(gpu, new Random(7), 8, 1, 12, 12, 4, 5, 10, DeviceOptimizer.Sgd(0.05f));
        for (int s = 0; s < 3; s++)
        {
            cnnCpu.Step(images, imageLabels);
            cnnGpu.Step(images, imageLabels);
        }
        Assert.Equal(cnnCpu.ReadLoss(), cnnGpu.ReadLoss(), 1e-4f);
        foreach (var (e, a) in cnnCpu.Parameters.Download().Zip(cnnGpu.Parameters.Download())) TestData.AssertClose(e, a, 1e-3f, "CUDA CNN");
    }
}
