namespace DeepLearningCourse.Gpu.Tests;

/// <summary>im2col, col2im and the layout kernels against the CPU reference, and convolution by im2col + GEMM against
/// a direct loop.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class ConvolutionConformanceTests(IlgpuCpuFixture fixture)
{
    public static TheoryData<int, int, int, int, int, int, int, int> Geometries() => new()
    {
        // batch, channels, height, width, kernelH, kernelW, stride, padding
        { 1, 1, 3, 3, 3, 3, 1, 0 },
        { 2, 3, 5, 7, 3, 3, 1, 1 },
        { 1, 2, 6, 5, 2, 3, 2, 0 },
        { 3, 1, 7, 7, 5, 5, 2, 2 },
        { 1, 1, 1, 1, 1, 1, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Im2col_and_col2im_match_the_reference(int n, int c, int h, int w, int kh, int kw, int stride, int padding)
    {
        var g = new ConvGeometry(n, c, h, w, kh, kw, stride, padding);
        var x = TestData.Random(11, g.InputShape);
        var dcols = TestData.Random(12, g.PatchRows, g.PatchSize);
        (Tensor Columns, Tensor GradInput) Run(ComputeBackend backend)
        {
            using var dx = backend.Upload(x);
            using var cols = backend.Allocate(g.PatchRows, g.PatchSize);
            using var dc = backend.Upload(dcols);
            using var gradInput = backend.Allocate(g.InputShape);
            backend.Im2Col(dx, cols, g);
            backend.Col2Im(dc, gradInput, g);
            return (cols.ToTensor(), gradInput.ToTensor());
        }
        var expected = Run(fixture.Cpu);
        var actual = Run(fixture.Gpu);
        TestData.AssertClose(expected.Columns, actual.Columns, 0f, "im2col");
        TestData.AssertClose(expected.GradInput, actual.GradInput, 1e-5f, "col2im");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Col2im_is_the_adjoint_of_im2col(int n, int c, int h, int w, int kh, int kw, int stride, int padding)
    {
        // <im2col(x), y> = <x, col2im(y)> for all x, y: the defining property of the backward pass.
        var g = new ConvGeometry(n, c, h, w, kh, kw, stride, padding);
        var gpu = fixture.Gpu;
        using var x = gpu.Upload(TestData.Random(13, g.InputShape));
        using var y = gpu.Upload(TestData.Random(14, g.PatchRows, g.PatchSize));
        using var cols = gpu.Allocate(g.PatchRows, g.PatchSize);
        using var back = gpu.Allocate(g.InputShape);
        gpu.Im2Col(x, cols, g);
        gpu.Col2Im(y, back, g);
        double left = Dot(cols.ToArray(), y.ToArray()), right = Dot(x.ToArray(), back.ToArray());
        Assert.Equal(left, right, 1e-4);
    }

    [Fact]
    public void Convolution_by_im2col_and_gemm_matches_a_direct_loop()
    {
        var g = new ConvGeometry(2, 3, 6, 5, 3, 3, 2, 1);
        int filters = 4;
        var x = TestData.Random(15, g.InputShape);
        var weight = TestData.Random(16, filters, g.Channels, g.KernelHeight, g.KernelWidth);
        var gpu = fixture.Gpu;
        using var dx = gpu.Upload(x);
        using var dw = gpu.Upload(weight);
        using var cols = gpu.Allocate(g.PatchRows, g.PatchSize);
        using var rows = gpu.Allocate(g.PatchRows, filters);
        using var y = gpu.Allocate(g.Batch, filters, g.OutHeight, g.OutWidth);
        using var backToRows = gpu.Allocate(g.PatchRows, filters);
        gpu.Im2Col(dx, cols, g);
        gpu.MatMul(cols, dw.Reshape(filters, g.PatchSize), rows, transposeB: true);
        gpu.RowsToNchw(rows, y);
        gpu.NchwToRows(y, backToRows);

        var expected = new float[y.Size];
        for (int n = 0; n < g.Batch; n++)
        for (int f = 0; f < filters; f++)
        for (int oh = 0; oh < g.OutHeight; oh++)
        for (int ow = 0; ow < g.OutWidth; ow++)
        {
            float sum = 0;
            for (int c = 0; c < g.Channels; c++)
            for (int kh = 0; kh < g.KernelHeight; kh++)
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                int ih = oh * g.Stride - g.Padding + kh, iw = ow * g.Stride - g.Padding + kw;
                if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width) sum += x[n, c, ih, iw] * weight[f, c, kh, kw];
            }
            expected[((n * filters + f) * g.OutHeight + oh) * g.OutWidth + ow] = sum;
        }
        TestData.AssertClose(new Tensor(expected, y.Shape), y.ToTensor(), 1e-5f, "conv");
        TestData.AssertClose(rows.ToTensor(), backToRows.ToTensor(), 0f, "NchwToRows ∘ RowsToNchw");
    }

    [Fact]
    public void A_kernel_larger_than_the_padded_input_is_rejected_with_the_fix()
    {
        var e = Assert.Throws<ShapeException>(() => new ConvGeometry(8, 3, 5, 5, 7, 7));
        Assert.Contains("Conv2d", e.Message, StringComparison.Ordinal);
        Assert.Contains("[8, 3, 5, 5]", e.Message, StringComparison.Ordinal);
        Assert.Contains("7×7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_matrix_of_the_wrong_shape_is_rejected()
    {
        var g = new ConvGeometry(1, 1, 4, 4, 3, 3);
        var gpu = fixture.Gpu;
        using var x = gpu.Allocate(g.InputShape);
        using var cols = gpu.Allocate(4, 8);
        var e = Assert.Throws<ShapeException>(() => gpu.Im2Col(x, cols, g));
        Assert.Contains("Im2Col", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 9]", e.Message, StringComparison.Ordinal);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
