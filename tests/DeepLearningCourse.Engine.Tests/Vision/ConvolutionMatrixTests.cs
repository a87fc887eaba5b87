namespace DeepLearningCourse.Engine.Tests;

public class ConvolutionMatrixTests
{
    private static Tensor Column(Tensor v) => new(v.ToArray(), v.Size, 1);

    [Fact]
    public void Toeplitz_known_answer_has_the_kernel_on_constant_diagonals()
    {
        var m = ConvolutionMatrix.Toeplitz1d(Tensor.FromArray([1f, 2, 3]), 4, padding: 1);
        NodeTestKit.AssertValues(m, [4, 4], [
            2, 3, 0, 0,
            1, 2, 3, 0,
            0, 1, 2, 3,
            0, 0, 1, 2]);
    }

    [Theory]
    [InlineData(7, 3, 0, 1)]
    [InlineData(8, 3, 1, 1)]
    [InlineData(9, 4, 2, 2)]
    [InlineData(5, 5, 0, 1)]
    [InlineData(6, 1, 0, 3)]
    public void Toeplitz_times_input_equals_a_one_dimensional_convolution(int length, int k, int padding, int stride)
    {
        var kernel = NodeTestKit.Random(1, -1, 1, k);
        var x = NodeTestKit.Random(2, -1, 1, length);
        Tensor viaMatrix = ConvolutionMatrix.Toeplitz1d(kernel, length, padding, stride).MatMul(Column(x));
        // The same 1-D convolution through the 2-D reference on a 1-row image; its middle output row is the 1-D result.
        Tensor viaConv = Conv2dReference.Forward(new Tensor(x.ToArray(), 1, 1, 1, length), new Tensor(kernel.ToArray(), 1, 1, 1, k), null, stride, padding);
        int outLength = viaMatrix.Shape[0];
        Assert.Equal(viaConv.Shape[3], outLength);
        int middleRow = padding / stride;
        for (int o = 0; o < outLength; o++) Assert.Equal(viaConv.Data[middleRow * outLength + o], viaMatrix.Data[o], 5);
    }

    [Fact]
    public void Circulant_known_answer_wraps_around()
    {
        var m = ConvolutionMatrix.Circulant1d(Tensor.FromArray([1f, 2, 3]), 4);
        NodeTestKit.AssertValues(m, [4, 4], [
            2, 3, 0, 1,
            1, 2, 3, 0,
            0, 1, 2, 3,
            3, 0, 1, 2]);
    }

    [Fact]
    public void Circulant_equals_convolution_of_the_periodically_padded_input()
    {
        int length = 9;
        var kernel = NodeTestKit.Random(1, -1, 1, 5);
        var x = NodeTestKit.Random(2, -1, 1, length);
        // Periodic padding: two values wrapped from each end, then a plain (unpadded) convolution.
        var padded = new float[length + 4];
        for (int i = 0; i < padded.Length; i++) padded[i] = x.Data[(i - 2 + length) % length];
        Tensor expected = ConvolutionMatrix.Toeplitz1d(kernel, padded.Length).MatMul(new Tensor(padded, padded.Length, 1));
        Tensor actual = ConvolutionMatrix.Circulant1d(kernel, length).MatMul(Column(x));
        Assert.True(actual.AllClose(expected, 1e-5f));
        // Every row is the previous one shifted right by one.
        var m = ConvolutionMatrix.Circulant1d(kernel, length);
        for (int r = 1; r < length; r++)
            for (int c = 0; c < length; c++) Assert.Equal(m[r - 1, c], m[r, (c + 1) % length]);
    }

    [Theory]
    [InlineData(5, 5, 3, 3, 0, 1)]
    [InlineData(6, 4, 3, 2, 1, 1)]
    [InlineData(7, 7, 3, 3, 1, 2)]
    [InlineData(4, 6, 1, 1, 0, 1)]
    public void Conv2d_matrix_times_flattened_image_equals_the_convolution(int h, int w, int kh, int kw, int padding, int stride)
    {
        var kernel = NodeTestKit.Random(1, -1, 1, kh, kw);
        var image = NodeTestKit.Random(2, -1, 1, 1, 1, h, w);
        Tensor m = ConvolutionMatrix.Conv2d(kernel, h, w, padding, stride);
        Tensor viaMatrix = m.MatMul(new Tensor(image.ToArray(), h * w, 1));
        Tensor viaConv = image.Conv2d(new Tensor(kernel.ToArray(), 1, 1, kh, kw), stride: stride, padding: padding);
        Assert.Equal(viaConv.Size, m.Shape[0]);
        for (int i = 0; i < viaConv.Size; i++) Assert.Equal(viaConv.Data[i], viaMatrix.Data[i], 5);
    }

    [Fact]
    public void Conv2d_matrix_is_mostly_zeros_with_shared_weights()
    {
        var kernel = Tensor.FromArray([1f, 2, 3, 4], 2, 2);
        Tensor m = ConvolutionMatrix.Conv2d(kernel, 4, 4);
        Assert.Equal([9, 16], m.Shape);
        Assert.Equal(9 * 4, m.Data.Count(v => v != 0)); // each of the 9 outputs uses the same 4 weights
        Assert.Equal(9 * (1 + 2 + 3 + 4), m.Data.Sum());
    }

    [Fact]
    public void Kernel_too_long_is_explained()
    {
        var ex = Assert.Throws<ShapeException>(() => ConvolutionMatrix.Toeplitz1d(Tensor.Ones(5), 3));
        Assert.StartsWith("ConvolutionMatrix.Toeplitz1d: kernel size 5 is larger than the padded input 3", ex.Message);
    }
}
