namespace DeepLearningCourse.Engine.Tests;

public class Im2ColStride1Tests
{
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        // C, H, W, kh, kw, padding (stride 1): output widths 1, 3, 7, 8, 16, 20, 24, 32 and kernels wider than tall
        { 1, 3, 3, 3, 3, 0 },
        { 2, 5, 5, 3, 3, 0 },
        { 1, 7, 7, 3, 3, 1 },
        { 3, 6, 10, 2, 3, 0 },
        { 2, 16, 16, 3, 3, 1 },
        { 2, 9, 20, 3, 3, 1 },
        { 1, 28, 28, 5, 5, 0 },
        { 3, 32, 32, 3, 3, 1 },
        { 2, 5, 4, 4, 3, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Unfold_and_fold_equal_the_general_im2col_bit_for_bit(int c, int h, int w, int kh, int kw, int padding)
    {
        var image = NodeTestKit.Random(1, -1, 1, 1, c, h, w);
        var g = Conv2dGeometry.Of("test", image, Tensor.Ones(1, c, kh, kw), null, 1, padding);
        var scratch = new float[Im2ColStride1.ScratchLength(g)];
        foreach (int rowStride in new[] { 0, g.OutPixels + 5 })
        {
            int stride = rowStride == 0 ? g.OutPixels : rowStride;
            var expected = new float[g.PatchSize * stride];
            var actual = new float[g.PatchSize * stride];
            Im2Col.Unfold(image.Data, expected, g, rowStride);
            Im2ColStride1.Unfold(image.Data, actual, g, rowStride, scratch);
            Assert.Equal(expected, actual);

            var cols = NodeTestKit.Random(2, -1, 1, g.PatchSize * stride).Data;
            var folded = new float[image.Size];
            Im2Col.FoldAdd(cols, folded, g, rowStride);
            var fast = Enumerable.Repeat(float.NaN, image.Size).ToArray(); // Fold overwrites the image
            Im2ColStride1.Fold(cols, fast, g, rowStride, scratch);
            Assert.Equal(folded, fast);
        }
    }

    [Fact]
    public void Fold_counts_the_windows_that_cover_each_pixel()
    {
        // 3×3 image, 2×2 kernel, padding 1: 4×4 windows; a corner pixel is in 4 of them, every pixel here in 4.
        var image = Tensor.Zeros(1, 1, 3, 3);
        var g = Conv2dGeometry.Of("test", image, Tensor.Ones(1, 1, 2, 2), null, 1, 1);
        var counts = new float[9];
        Im2ColStride1.Fold(Enumerable.Repeat(1f, g.PatchSize * g.OutPixels).ToArray(), counts, g, 0, new float[Im2ColStride1.ScratchLength(g)]);
        Assert.Equal(Enumerable.Repeat(4f, 9), counts);
    }

    [Fact]
    public void Other_strides_and_short_buffers_are_refused_with_the_sizes()
    {
        var image = Tensor.Zeros(1, 2, 6, 6);
        var strided = Conv2dGeometry.Of("test", image, Tensor.Ones(1, 2, 3, 3), null, 2, 1);
        var e = Assert.Throws<ArgumentException>(() => Im2ColStride1.Unfold(image.Data, new float[1000], strided, 0, new float[200]));
        Assert.Contains("stride is 2", e.Message);

        var g = Conv2dGeometry.Of("test", image, Tensor.Ones(1, 2, 3, 3), null, 1, 1);
        e = Assert.Throws<ArgumentException>(() => Im2ColStride1.Fold(new float[g.PatchSize * g.OutPixels], image.Data, g, 0, new float[10]));
        Assert.Contains("scratch 10 (needs 128)", e.Message);
    }
}
