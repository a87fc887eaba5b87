namespace DeepLearningCourse.Engine;

/// <summary>
/// Sizes of a 2-D pooling window sliding over x [N, C, H, W], with <see cref="Padding"/> pixels added around
/// the image (max pooling only): output [N, C, Ho, Wo] with Ho = (H + 2·padding − kernel) / stride + 1 (rounded
/// down; trailing rows that do not fill a window are dropped, as in PyTorch).
/// </summary>
public readonly record struct PoolGeometry(int Planes, int Height, int Width, int Kernel, int Stride, int[] InputShape, int Padding = 0)
{
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;

    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>[N, C, Ho, Wo].</summary>
    public int[] OutputShape => [InputShape[0], InputShape[1], OutHeight, OutWidth];

    /// <summary>Checks the input and window and returns the geometry, or throws naming <paramref name="op"/> and the shapes.</summary>
    public static PoolGeometry Of(string op, Tensor x, int kernel, int stride, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (kernel < 1 || stride < 1)
            throw new ArgumentException($"{op}: kernel {kernel} and stride {stride} must both be at least 1.");
        if (padding < 0 || padding > kernel / 2)
            throw new ArgumentException($"{op}: padding {padding} must be between 0 and half the kernel ({kernel / 2} for a {kernel}×{kernel} window), so every window still covers a pixel of the image.");
        if (x.Rank != 4)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but must have rank 4 [N, C, H, W].");
        int h = x.Shape[2], w = x.Shape[3];
        if (kernel > h + 2 * padding || kernel > w + 2 * padding)
            throw new ShapeException($"{op}: input is {Tensor.ShapeText(x.Shape)} but the window {kernel}×{kernel} is larger than the image {h}×{w}{(padding > 0 ? $" with padding {padding}" : "")}; use a smaller kernel.");
        return new PoolGeometry(x.Shape[0] * x.Shape[1], h, w, kernel, stride, x.Shape, padding);
    }
}
