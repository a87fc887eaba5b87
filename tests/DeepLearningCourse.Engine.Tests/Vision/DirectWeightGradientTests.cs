namespace DeepLearningCourse.Engine.Tests;

public class DirectWeightGradientTests
{
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        // C, H, W, outC, kernel, padding (stride 1, Wo a multiple of 16): outC and C·k² not multiples of 4 included
        { 3, 32, 32, 32, 3, 1 },
        { 2, 16, 16, 5, 3, 1 },
        { 1, 10, 20, 6, 5, 0 },
        { 4, 7, 34, 4, 3, 0 },
        { 2, 5, 31, 7, 4, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Equals_im2col_then_dy_times_cols_transposed(int c, int h, int w, int outC, int kernel, int padding)
    {
        var image = NodeTestKit.Random(1, -1, 1, 1, c, h, w);
        var g = Conv2dGeometry.Of("test", image, Tensor.Ones(outC, c, kernel, kernel), null, 1, padding);
        Assert.True(DirectWeightGradient.Applies(g));
        int dyStride = g.OutPixels + 16;
        var dy = NodeTestKit.Random(2, -1, 1, outC * dyStride).Data;
        var start = NodeTestKit.Random(3, -1, 1, outC * g.PatchSize).Data;

        var cols = new float[g.PatchSize * g.OutPixels];
        Im2Col.Unfold(image.Data, cols, g);
        var expected = (float[])start.Clone();
        ConvKernels.MultiplyByTransposeAdd(dy, cols, expected, outC, g.OutPixels, g.PatchSize, strideA: dyStride);

        var actual = (float[])start.Clone();
        var scratch = new float[Im2ColStride1.ScratchLength(g)];
        DirectWeightGradient.Add(dy, dyStride, Im2ColStride1.Padded(image.Data, scratch, g), g, actual);
        Assert.True(new Tensor(actual, outC, g.PatchSize).AllClose(new Tensor(expected, outC, g.PatchSize), 1e-4f));
    }

    [Fact]
    public void Does_not_apply_to_strides_or_widths_it_cannot_read_whole_vectors_from()
    {
        var image = Tensor.Zeros(1, 2, 28, 28);
        Assert.False(DirectWeightGradient.Applies(Conv2dGeometry.Of("test", image, Tensor.Ones(8, 2, 5, 5), null, 1, 0))); // Wo = 24
        Assert.False(DirectWeightGradient.Applies(Conv2dGeometry.Of("test", image, Tensor.Ones(8, 2, 3, 3), null, 2, 1))); // stride 2
        var g = Conv2dGeometry.Of("test", Tensor.Zeros(1, 2, 16, 16), Tensor.Ones(2, 2, 3, 3), null, 1, 1);    // 2 output channels
        var e = Assert.Throws<ArgumentException>(() => DirectWeightGradient.Add(new float[512], 256, new float[648], g, new float[36]));
        Assert.Contains("outC 2", e.Message);
    }
}
