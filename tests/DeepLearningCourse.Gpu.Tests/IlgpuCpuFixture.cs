namespace DeepLearningCourse.Gpu.Tests;

/// <summary>
/// One ILGPU CPU accelerator (simulating an NVIDIA device) and one CPU reference backend shared by all conformance
/// tests, so each kernel is compiled once. Tests in the collection run one at a time (the CPU accelerator already
/// uses every core).
/// </summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public IlgpuBackend Gpu { get; } = ComputeDevices.CreateIlgpuCpu();

    public CpuBackend Cpu { get; } = new();

    public void Dispose()
    {
        Gpu.Dispose();
        Cpu.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}

internal static class TestData
{
    public static Tensor Random(int seed, params int[] shape) => Tensor.Uniform(new Random(seed), -1f, 1f, shape);

    public static Tensor Labels(int seed, int rows, int classes)
    {
        var random = new Random(seed);
        var data = new float[rows];
        for (int i = 0; i < rows; i++) data[i] = random.Next(classes);
        return new Tensor(data, rows);
    }

    /// <summary>Asserts equal shapes and |a − b| ≤ tolerance · (1 + |b|) everywhere, naming the first bad index.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, float tolerance, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Size; i++)
        {
            float e = expected.Data[i], a = actual.Data[i];
            if (!(MathF.Abs(e - a) <= tolerance * (1 + MathF.Abs(e))))
                Assert.Fail($"{what}: element {i} is {a}, expected {e} (tolerance {tolerance}).");
        }
    }
}
