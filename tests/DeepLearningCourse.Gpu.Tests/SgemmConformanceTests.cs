namespace DeepLearningCourse.Gpu.Tests;

/// <summary>Every rung of the SGEMM ladder against the engine's reference, on awkward shapes.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class SgemmConformanceTests(IlgpuCpuFixture fixture)
{
    public static TheoryData<SgemmAlgorithm, int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<SgemmAlgorithm, int, int, int, bool, bool>();
        int[][] shapes = [[1, 1, 1], [3, 5, 7], [17, 33, 3], [2, 3, 40], [33, 17, 65], [70, 65, 19], [1, 33, 17]];
        foreach (var algorithm in Enum.GetValues<SgemmAlgorithm>())
        {
            foreach (var s in shapes) data.Add(algorithm, s[0], s[1], s[2], false, false);
            data.Add(algorithm, 17, 3, 33, true, false);
            data.Add(algorithm, 5, 18, 33, false, true);
            data.Add(algorithm, 33, 17, 3, true, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_matches_the_engine_reference(SgemmAlgorithm algorithm, int m, int n, int k, bool transposeA, bool transposeB)
    {
        var a = TestData.Random(1, transposeA ? [k, m] : [m, k]);
        var b = TestData.Random(2, transposeB ? [n, k] : [k, n]);
        var expected = new float[m * n];
        Gemm.Reference(a.Data, b.Data, expected, m, n, k, transposeA, transposeB);

        var gpu = fixture.Gpu;
        gpu.Sgemm = algorithm;
        using var da = gpu.Upload(a);
        using var db = gpu.Upload(b);
        using var dc = gpu.Allocate(m, n);
        gpu.MatMul(da, db, dc, transposeA, transposeB);

        TestData.AssertClose(new Tensor(expected, m, n), dc.ToTensor(), 1e-5f, $"{algorithm} {m}x{n}x{k}");
    }

    [Theory]
    [InlineData(SgemmAlgorithm.Naive)]
    [InlineData(SgemmAlgorithm.Tiled)]
    [InlineData(SgemmAlgorithm.RegisterBlocked)]
    public void Kernel_gives_the_hand_computed_product_and_accumulates(SgemmAlgorithm algorithm)
    {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50].
        var gpu = fixture.Gpu;
        gpu.Sgemm = algorithm;
        using var a = gpu.Upload(Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }));
        using var b = gpu.Upload(Tensor.FromArray(new float[,] { { 5, 6 }, { 7, 8 } }));
        using var c = gpu.Upload(Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 1 } }));
        gpu.MatMul(a, b, c, accumulate: true);
        Assert.Equal(new float[] { 20, 23, 44, 51 }, c.ToArray());
        gpu.MatMul(a, b, c);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.ToArray());
    }

    [Fact]
    public void Mismatched_inner_sizes_name_the_op_and_shapes()
    {
        var gpu = fixture.Gpu;
        using var a = gpu.Allocate(64, 784);
        using var b = gpu.Allocate(128, 10);
        using var c = gpu.Allocate(64, 10);
        var e = Assert.Throws<ShapeException>(() => gpu.MatMul(a, b, c));
        Assert.Contains("MatMul", e.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 784]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[128, 10]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_of_another_backend_are_rejected_with_the_fix()
    {
        using var onCpu = fixture.Cpu.Allocate(2, 2);
        using var onGpu = fixture.Gpu.Allocate(2, 2);
        using var result = fixture.Gpu.Allocate(2, 2);
        var e = Assert.Throws<InvalidOperationException>(() => fixture.Gpu.MatMul(onCpu, onGpu, result));
        Assert.Contains("MatMul", e.Message, StringComparison.Ordinal);
        Assert.Contains("Upload", e.Message, StringComparison.Ordinal);
    }
}
