namespace DeepLearningCourse.Gpu.Tests;

/// <summary>The element-wise, loss, reduction, optimizer and layout kernels against the CPU reference backend.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class KernelConformanceTests(IlgpuCpuFixture fixture)
{
    /// <summary>Runs <paramref name="operation"/> on both backends with the same inputs and compares every output.</summary>
    private void AssertBackendsAgree(Tensor[] inputs, int[][] outputShapes, Action<ComputeBackend, DeviceTensor[], DeviceTensor[]> operation, string what, float tolerance = 1e-5f)
    {
        Tensor[] Run(ComputeBackend backend)
        {
            var ins = inputs.Select(backend.Upload).ToArray();
            var outs = outputShapes.Select(backend.Allocate).ToArray();
            operation(backend, ins, outs);
            var results = outs.Concat(ins).Select(t => t.ToTensor()).ToArray();
            foreach (var t in ins.Concat(outs)) t.Dispose();
            return results;
        }
        var expected = Run(fixture.Cpu);
        var actual = Run(fixture.Gpu);
        for (int i = 0; i < expected.Length; i++) TestData.AssertClose(expected[i], actual[i], tolerance, $"{what} tensor {i}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(33, 5)]
    public void Bias_add_relu_and_relu_backward_match(int rows, int columns)
    {
        AssertBackendsAgree([TestData.Random(3, rows, columns), TestData.Random(4, columns), TestData.Random(5, rows, columns)],
            [[rows, columns], [rows, columns]],
            (backend, i, o) =>
            {
                backend.AddBias(i[0], i[1]);
                backend.Relu(i[0], o[0]);
                backend.ReluBackward(i[0], i[2], o[1]);
            }, "bias/relu");
    }

    [Fact]
    public void Relu_backward_passes_gradient_only_where_the_input_is_positive()
    {
        var gpu = fixture.Gpu;
        using var x = gpu.Upload(Tensor.FromArray([-1f, 0f, 2f]));
        using var dy = gpu.Upload(Tensor.FromArray([5f, 6f, 7f]));
        using var dx = gpu.Allocate(3);
        gpu.ReluBackward(x, dy, dx);
        Assert.Equal(new float[] { 0, 0, 7 }, dx.ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 10)]
    [InlineData(17, 3)]
    public void Softmax_cross_entropy_forward_and_backward_match(int rows, int classes)
    {
        var logits = TestData.Random(6, rows, classes) * 5f;
        AssertBackendsAgree([logits, TestData.Labels(7, rows, classes)], [[rows, classes], [1], [rows, classes]],
            (backend, i, o) =>
            {
                backend.SoftmaxCrossEntropy(i[0], i[1], o[0], o[1]);
                backend.SoftmaxCrossEntropyBackward(o[0], i[1], o[2]);
            }, "softmax cross-entropy");
    }

    [Fact]
    public void Cross_entropy_of_equal_logits_is_log_of_the_class_count()
    {
        // All logits equal: p = 1/4 for each class, loss = log 4; gradient (1/4 − [j = y]) / N.
        var gpu = fixture.Gpu;
        using var logits = gpu.Upload(Tensor.Full(3f, 2, 4));
        using var labels = gpu.Upload(Tensor.FromArray([1f, 3f]));
        using var p = gpu.Allocate(2, 4);
        using var loss = gpu.Allocate(1);
        using var grad = gpu.Allocate(2, 4);
        gpu.SoftmaxCrossEntropy(logits, labels, p, loss);
        gpu.SoftmaxCrossEntropyBackward(p, labels, grad);
        Assert.Equal(MathF.Log(4), loss.ToArray()[0], 1e-6f);
        Assert.Equal(new float[] { 0.125f, -0.375f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f, -0.375f }, grad.ToArray());
    }

    [Fact]
    public void Cross_entropy_is_finite_for_huge_logits()
    {
        var gpu = fixture.Gpu;
        using var logits = gpu.Upload(Tensor.FromArray([1000f, 0f, -1000f], 1, 3));
        using var labels = gpu.Upload(Tensor.FromArray([2f]));
        using var p = gpu.Allocate(1, 3);
        using var loss = gpu.Allocate(1);
        gpu.SoftmaxCrossEntropy(logits, labels, p, loss);
        Assert.Equal(2000f, loss.ToArray()[0], 1e-3f);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(33, 3)]
    [InlineData(2, 17)]
    public void Column_sums_match_and_add_every_row(int rows, int columns)
    {
        AssertBackendsAgree([TestData.Random(8, rows, columns)], [[columns]], (backend, i, o) => backend.ColumnSums(i[0], o[0]), "column sums");
        var gpu = fixture.Gpu;
        using var ones = gpu.Upload(Tensor.Ones(rows, columns));
        using var sums = gpu.Allocate(columns);
        gpu.ColumnSums(ones, sums);
        Assert.All(sums.ToArray(), s => Assert.Equal(rows, s));
    }

    [Fact]
    public void Sgd_and_adam_updates_match()
    {
        AssertBackendsAgree([TestData.Random(9, 17), TestData.Random(10, 17), Tensor.Zeros(17), Tensor.Zeros(17)], [],
            (backend, i, o) =>
            {
                backend.SgdUpdate(i[0], i[1], 0.1f);
                for (int t = 1; t <= 3; t++) backend.AdamUpdate(i[0], i[1], i[2], i[3], new AdamStep(0.01f, 0.9f, 0.999f, 1e-8f, t));
            }, "sgd/adam");
    }

    [Fact]
    public void First_adam_step_moves_each_parameter_by_the_learning_rate_against_the_gradient_sign()
    {
        // t = 1: m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε) ≈ lr · sign(g).
        var gpu = fixture.Gpu;
        using var w = gpu.Upload(Tensor.FromArray([1f, 1f]));
        using var g = gpu.Upload(Tensor.FromArray([0.5f, -3f]));
        using var m = gpu.Allocate(2);
        using var v = gpu.Allocate(2);
        gpu.AdamUpdate(w, g, m, v, new AdamStep(0.1f, 0.9f, 0.999f, 1e-8f, 1));
        var values = w.ToArray();
        Assert.Equal(0.9f, values[0], 1e-5f);
        Assert.Equal(1.1f, values[1], 1e-5f);
    }
}
