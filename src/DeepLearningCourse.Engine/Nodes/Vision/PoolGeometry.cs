namespace DeepLearningCourse.Engine;

/// <summary>
/// Sizes of a 2-D pooling window sliding over x [N, C, H, W] without padding: output [N, C, Ho, Wo] with
/// Ho = (H − kernel) / stride + 1 (rounded down; trailing rows that do not fill a window are dropped, as in PyTorch).
/// </summary>
public readonly record struct PoolGeometry(int Planes, int Height, int Width, int Kernel, int Stride, int[] InputShape)
{
    public int OutHeight => (Height - Kernel) / Stride + 1;

    public int OutWidth => (Width - Kernel) / Stride + 1;

    /// <summary>[N, C, Ho, Wo].</summary>
    public int[] OutputShape => [InputShape[0], InputShape[1], OutHeight, OutWidth];

    /// <summary>Checks the input and window and returns the geometry, or throws naming <paramref name="op"/> and the shapes.</summary>
    public static PoolGeometry Of(string op, Tensor x, int kernel, int stride)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (kernel < 1 || stride < 1)
            throw new ArgumentException($"{op}: kernel {kernel} and stride {stride} must both be at least 1.");
        if (x.Rank != 4)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but must have rank 4 [N, C, H, W].");
        int h = x.Shape[2], w = x.Shape[3];
        if (kernel > h || kernel > w)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but the window {kernel}×{kernel} is larger than the image {h}×{w}; use a smaller kernel.");
        return new PoolGeometry(x.Shape[0] * x.Shape[1], h, w, kernel, stride, x.Shape);
    }
}
