namespace DeepLearningCourse.Engine;

/// <summary>
/// The sizes of one 2-D convolution, checked once: input x [N, C, H, W], weight [outC, C, kh, kw], stride s and
/// zero padding p on every side give output [N, outC, Ho, Wo] with Ho = (H + 2p − kh) / s + 1 (rounded down), and
/// likewise Wo. Shared by <see cref="Conv2dNode"/>, <see cref="Conv2dReference"/> and the im2col helpers.
/// </summary>
public readonly record struct Conv2dGeometry(int Batch, int InChannels, int Height, int Width,
    int OutChannels, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>Output height Ho.</summary>
    public int OutHeight => (Height + 2 * Padding - KernelHeight) / Stride + 1;

    /// <summary>Output width Wo.</summary>
    public int OutWidth => (Width + 2 * Padding - KernelWidth) / Stride + 1;

    /// <summary>Rows of the im2col matrix: C·kh·kw (one per weight of one filter).</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>Output positions per image: Ho·Wo.</summary>
    public int OutPixels => OutHeight * OutWidth;

    /// <summary>The output shape [N, outC, Ho, Wo].</summary>
    public int[] OutputShape => [Batch, OutChannels, OutHeight, OutWidth];

    /// <summary>
    /// Checks x, weight and (optional) bias and returns the geometry, or throws a <see cref="ShapeException"/> that
    /// names <paramref name="op"/>, the shapes and a fix.
    /// </summary>
    public static Conv2dGeometry Of(string op, Tensor x, Tensor weight, Tensor? bias, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (stride < 1)
            throw new ArgumentException($"{op}: stride is {stride}; it must be at least 1.");
        if (padding < 0)
            throw new ArgumentException($"{op}: padding is {padding}; it must be 0 or more.");
        if (x.Rank != 4)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but must have rank 4 [N, C, H, W]; " +
                (x.Rank == 3 ? "add a batch axis with Reshape(1, C, H, W)." : "reshape it to [batch, channels, height, width]."));
        if (weight.Rank != 4)
            throw new ShapeException($"{op}: weight is {Tensor.ShapeText(weight.Shape)} but must have rank 4 [outC, inC, kh, kw].");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int outC = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[1] != c)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} with {c} channel(s) but weight is {Tensor.ShapeText(weight.Shape)} expecting {weight.Shape[1]}; " +
                "the weight's second axis must equal the input's channel count.");
        if (kh < 1 || kw < 1 || outC < 1 || c < 1)
            throw new ShapeException($"{op}: weight is {Tensor.ShapeText(weight.Shape)}; every axis must be at least 1.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outC))
            throw new ShapeException($"{op}: bias is {Tensor.ShapeText(bias.Shape)} but weight is {Tensor.ShapeText(weight.Shape)}; the bias must be [{outC}], one value per output channel.");
        int paddedH = h + 2 * padding, paddedW = w + 2 * padding;
        if (kh > paddedH || kw > paddedW)
        {
            int needed = Math.Max((kh - h + 1) / 2, (kw - w + 1) / 2);
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but kernel {kh}×{kw} with padding {padding} is larger than the padded input {paddedH}×{paddedW}; " +
                $"use padding ≥ {needed} or a smaller kernel.");
        }
        return new Conv2dGeometry(n, c, h, w, outC, kh, kw, stride, padding);
    }
}
