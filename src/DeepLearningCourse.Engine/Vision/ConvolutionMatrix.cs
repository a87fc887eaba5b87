namespace DeepLearningCourse.Engine;

/// <summary>
/// The dense matrix that performs a convolution, so that <c>M · flatten(x) == flatten(conv(x))</c>. It shows that a
/// convolution is a linear layer whose weight matrix is mostly zeros and repeats the same few kernel values along
/// its diagonals ("an MLP with shared, banded weights is a ConvNet"). Kernels are applied as cross-correlation,
/// like <see cref="Conv2dNode"/>: y[o] = Σ_j k[j] · x[o·stride − padding + j].
/// </summary>
public static class ConvolutionMatrix
{
    /// <summary>
    /// 1-D convolution with zero padding as a banded Toeplitz matrix [Lo, L], Lo = (L + 2·padding − K) / stride + 1:
    /// row o holds the kernel starting at column o·stride − padding (entries that fall into the padding are dropped).
    /// With stride 1 every diagonal is constant.
    /// </summary>
    /// <param name="kernel">[K].</param>
    /// <param name="length">Input length L.</param>
    /// <param name="padding">Zeros added at each end.</param>
    /// <param name="stride">Step between output positions.</param>
    public static Tensor Toeplitz1d(Tensor kernel, int length, int padding = 0, int stride = 1)
    {
        int k = CheckKernel(kernel, 1, "ConvolutionMatrix.Toeplitz1d");
        CheckWindow("ConvolutionMatrix.Toeplitz1d", k, length, padding, stride);
        int outLength = (length + 2 * padding - k) / stride + 1;
        var m = new float[outLength * length];
        for (int o = 0; o < outLength; o++)
        {
            for (int j = 0; j < k; j++)
            {
                int column = o * stride - padding + j;
                if (column >= 0 && column < length) m[o * length + column] = kernel.Data[j];
            }
        }
        return new Tensor(m, outLength, length);
    }

    /// <summary>
    /// 1-D convolution with periodic (circular) padding as a circulant matrix [L, L]: the output has the input's
    /// length and y[o] = Σ_j k[j] · x[(o − c + j) mod L] with centre c = (K − 1) / 2, so every row is the previous
    /// one shifted right by one, wrapping around.
    /// </summary>
    public static Tensor Circulant1d(Tensor kernel, int length)
    {
        int k = CheckKernel(kernel, 1, "ConvolutionMatrix.Circulant1d");
        if (length < 1 || k > length)
            throw new ShapeException($"ConvolutionMatrix.Circulant1d: kernel is {Tensor.ShapeText(kernel.Shape)} but the input length is {length}; the kernel must not be longer than the input.");
        int centre = (k - 1) / 2;
        var m = new float[length * length];
        for (int o = 0; o < length; o++)
        {
            for (int j = 0; j < k; j++)
            {
                int column = ((o - centre + j) % length + length) % length;
                m[o * length + column] += kernel.Data[j];
            }
        }
        return new Tensor(m, length, length);
    }

    /// <summary>
    /// Single-channel 2-D convolution with zero padding as a matrix [Ho·Wo, H·W] acting on the row-major flattened
    /// image: row (oy·Wo + ox) holds the kernel placed at (oy·stride − padding, ox·stride − padding). It is block
    /// Toeplitz: blocks of the 1-D Toeplitz matrices of the kernel's rows ("doubly block Toeplitz").
    /// </summary>
    /// <param name="kernel">[kh, kw].</param>
    /// <param name="height">Input height H.</param>
    /// <param name="width">Input width W.</param>
    /// <param name="padding">Zeros added on every side.</param>
    /// <param name="stride">Step between output positions.</param>
    public static Tensor Conv2d(Tensor kernel, int height, int width, int padding = 0, int stride = 1)
    {
        CheckKernel(kernel, 2, "ConvolutionMatrix.Conv2d");
        int kh = kernel.Shape[0], kw = kernel.Shape[1];
        CheckWindow("ConvolutionMatrix.Conv2d", kh, height, padding, stride);
        CheckWindow("ConvolutionMatrix.Conv2d", kw, width, padding, stride);
        int ho = (height + 2 * padding - kh) / stride + 1, wo = (width + 2 * padding - kw) / stride + 1;
        int columns = height * width;
        var m = new float[ho * wo * columns];
        for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
        for (int i = 0; i < kh; i++)
        for (int j = 0; j < kw; j++)
        {
            int iy = oy * stride - padding + i, ix = ox * stride - padding + j;
            if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
            m[(oy * wo + ox) * columns + iy * width + ix] = kernel.Data[i * kw + j];
        }
        return new Tensor(m, ho * wo, columns);
    }

    private static int CheckKernel(Tensor kernel, int rank, string op)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Rank != rank || kernel.Size == 0)
            throw new ShapeException($"{op}: kernel is {Tensor.ShapeText(kernel.Shape)} but must be a non-empty {(rank == 1 ? "[K]" : "[kh, kw]")}.");
        return kernel.Shape[0];
    }

    private static void CheckWindow(string op, int k, int length, int padding, int stride)
    {
        if (stride < 1 || padding < 0)
            throw new ArgumentException($"{op}: stride must be ≥ 1 and padding ≥ 0, got stride {stride}, padding {padding}.");
        if (k > length + 2 * padding)
            throw new ShapeException($"{op}: kernel size {k} is larger than the padded input {length + 2 * padding} (length {length}, padding {padding}); use more padding or a smaller kernel.");
    }
}
