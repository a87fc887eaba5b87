namespace DeepLearningCourse.Engine;

/// <summary>
/// The sizes of one 2-D convolution (cross-correlation, as in PyTorch's Conv2d), passed to the im2col kernels.
/// input [N, C, H, W], weight [F, C, KH, KW] → output [N, F, OH, OW] with OH = (H + 2·padding − KH) / stride + 1.
/// The im2col matrix is [N·OH·OW, C·KH·KW]: one row per output position, one column per (channel, kernel row,
/// kernel column), so the convolution becomes the matrix product rows · W[F, C·KH·KW]ᵀ.
/// </summary>
public readonly struct ConvGeometry
{
    public ConvGeometry(int batch, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
    {
        if (batch <= 0 || channels <= 0 || height <= 0 || width <= 0 || kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentException($"Conv2d: sizes must be positive (padding ≥ 0), got input [{batch}, {channels}, {height}, {width}], kernel {kernelHeight}×{kernelWidth}, stride {stride}, padding {padding}.");
        if (kernelHeight > height + 2 * padding || kernelWidth > width + 2 * padding)
            throw new ShapeException($"Conv2d: input is [{batch}, {channels}, {height}, {width}] but kernel {kernelHeight}×{kernelWidth} with padding {padding} is larger than the padded input {height + 2 * padding}×{width + 2 * padding}; use more padding or a smaller kernel.");
        Batch = batch;
        Channels = channels;
        Height = height;
        Width = width;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Stride = stride;
        Padding = padding;
        OutHeight = (height + 2 * padding - kernelHeight) / stride + 1;
        OutWidth = (width + 2 * padding - kernelWidth) / stride + 1;
    }

    public int Batch { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Rows of the im2col matrix: N·OH·OW.</summary>
    public int PatchRows => Batch * OutHeight * OutWidth;

    /// <summary>Columns of the im2col matrix: C·KH·KW (one patch).</summary>
    public int PatchSize => Channels * KernelHeight * KernelWidth;

    /// <summary>The input shape [N, C, H, W].</summary>
    public int[] InputShape => [Batch, Channels, Height, Width];

    public override string ToString() =>
        $"input [{Batch}, {Channels}, {Height}, {Width}], kernel {KernelHeight}×{KernelWidth}, stride {Stride}, padding {Padding} → {OutHeight}×{OutWidth}";
}
