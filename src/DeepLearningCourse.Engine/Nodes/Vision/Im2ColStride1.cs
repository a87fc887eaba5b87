using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// im2col and col2im for stride 1 (the usual case: "same" 3×3 convolutions, LeNet's 5×5), fast. The image is first
/// copied into a zero-padded plane [C, H + 2p, W + 2p]; after that, row (oy) of im2col row (c, i, j) is the run of
/// Wo values starting at padded pixel (c, oy + i, j) — one contiguous vector copy, with no per-pixel bounds checks
/// and no zero-filling of the edges. col2im adds each run back onto the padded plane with vector adds and copies
/// the interior out. Results equal <see cref="Im2Col"/> bit for bit (each pixel receives the same additions in the
/// same order; tested), which stays the readable version and handles every stride.
/// </summary>
public static class Im2ColStride1
{
    /// <summary>Floats of scratch <see cref="Unfold"/> and <see cref="Fold"/> need: C·(H + 2p)·(W + 2p), or 0 without padding.</summary>
    public static int ScratchLength(Conv2dGeometry g) =>
        g.Padding == 0 ? 0 : g.InChannels * (g.Height + 2 * g.Padding) * (g.Width + 2 * g.Padding);

    /// <summary>
    /// Same as <see cref="Im2Col.Unfold"/> for stride 1: fills cols [C·kh·kw, Ho·Wo] (rows <paramref name="rowStride"/>
    /// floats apart, 0 meaning Ho·Wo) from one image [C, H, W]; <paramref name="scratch"/> holds at least
    /// <see cref="ScratchLength"/> floats.
    /// </summary>
    public static unsafe void Unfold(ReadOnlySpan<float> image, Span<float> cols, Conv2dGeometry g, int rowStride, Span<float> scratch)
    {
        int stride = Check(nameof(Unfold), image.Length, cols.Length, g, rowStride, scratch.Length);
        ReadOnlySpan<float> source = Padded(image, scratch, g);
        fixed (float* ps = source, pc = cols) ForEachRun<CopyToColumns>(ps, pc, g, stride);
    }

    /// <summary>
    /// col2im for stride 1, overwriting: <paramref name="image"/> [C, H, W] becomes the sum of every entry of cols
    /// [C·kh·kw, Ho·Wo] onto its pixel — what clearing the image and calling <see cref="Im2Col.FoldAdd"/> gives.
    /// <paramref name="scratch"/> holds at least <see cref="ScratchLength"/> floats.
    /// </summary>
    public static unsafe void Fold(ReadOnlySpan<float> cols, Span<float> image, Conv2dGeometry g, int rowStride, Span<float> scratch)
    {
        int stride = Check(nameof(Fold), image.Length, cols.Length, g, rowStride, scratch.Length);
        int p = g.Padding, paddedHeight = g.Height + 2 * p, paddedWidth = g.Width + 2 * p;
        Span<float> target = p > 0 ? scratch[..ScratchLength(g)] : image;
        target.Clear();
        fixed (float* pt = target, pc = cols) ForEachRun<AddToPixels>(pt, pc, g, stride);
        if (p == 0) return;
        for (int c = 0; c < g.InChannels; c++)
        {
            for (int y = 0; y < g.Height; y++)
                target.Slice((c * paddedHeight + y + p) * paddedWidth + p, g.Width).CopyTo(image.Slice((c * g.Height + y) * g.Width, g.Width));
        }
    }

    /// <summary>
    /// Calls <typeparamref name="TRun"/> on every run: row oy of im2col row (c, i, j) (Wo values, rows
    /// <paramref name="rowStride"/> apart in <paramref name="cols"/>) and the Wo pixels of the padded plane it reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ForEachRun<TRun>(float* padded, float* cols, Conv2dGeometry g, int rowStride) where TRun : struct, IRun
    {
        int paddedHeight = g.Height + 2 * g.Padding, paddedWidth = g.Width + 2 * g.Padding, wo = g.OutWidth, ho = g.OutHeight;
        float* column = cols;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* plane = padded + c * paddedHeight * paddedWidth;
            for (int i = 0; i < g.KernelHeight; i++)
            {
                for (int j = 0; j < g.KernelWidth; j++, column += rowStride)
                {
                    float* window = plane + i * paddedWidth + j;
                    for (int oy = 0; oy < ho; oy++) TRun.Apply(window + oy * paddedWidth, column + oy * wo, wo);
                }
            }
        }
    }

    /// <summary>What to do with one run of <c>count</c> pixels and the im2col values that mirror them.</summary>
    private interface IRun
    {
        static abstract unsafe void Apply(float* pixels, float* columns, int count);
    }

    /// <summary>im2col: columns = pixels.</summary>
    private readonly struct CopyToColumns : IRun
    {
        public static unsafe void Apply(float* pixels, float* columns, int count) => Copy(pixels, columns, count);
    }

    /// <summary>col2im: pixels += columns.</summary>
    private readonly struct AddToPixels : IRun
    {
        public static unsafe void Apply(float* pixels, float* columns, int count) => AddInto(columns, pixels, count);
    }

    /// <summary>
    /// The image padded by p zeros on every side, [C, H + 2p, W + 2p]: built in <paramref name="scratch"/> (at least
    /// <see cref="ScratchLength"/> floats), or the image itself when p = 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<float> Padded(ReadOnlySpan<float> image, Span<float> scratch, Conv2dGeometry g)
    {
        int p = g.Padding, paddedHeight = g.Height + 2 * p, paddedWidth = g.Width + 2 * p;
        if (p == 0) return image;
        if (scratch.Length < ScratchLength(g) || image.Length < g.InChannels * g.Height * g.Width)
            throw new ArgumentException($"Im2ColStride1.Padded: image {image.Length} or scratch {scratch.Length} too small for {g} (scratch needs {ScratchLength(g)}).");
        Span<float> padded = scratch[..ScratchLength(g)];
        padded.Clear();
        for (int c = 0; c < g.InChannels; c++)
        {
            for (int y = 0; y < g.Height; y++)
                image.Slice((c * g.Height + y) * g.Width, g.Width).CopyTo(padded.Slice((c * paddedHeight + y + p) * paddedWidth + p));
        }
        return padded;
    }

    private static int Check(string method, int imageLength, int colsLength, Conv2dGeometry g, int rowStride, int scratchLength)
    {
        if (g.Stride != 1)
            throw new ArgumentException($"Im2ColStride1.{method}: stride is {g.Stride}; this path handles stride 1 only (use Im2Col for others).");
        int pixels = g.OutPixels, stride = rowStride == 0 ? pixels : rowStride;
        if (stride < pixels)
            throw new ArgumentException($"Im2ColStride1.{method}: row stride {stride} is shorter than a row of {pixels} output pixels.");
        if (imageLength < g.InChannels * g.Height * g.Width || colsLength < (g.PatchSize - 1) * stride + pixels || scratchLength < ScratchLength(g))
            throw new ArgumentException($"Im2ColStride1.{method}: buffers too small: image {imageLength} (needs {g.InChannels * g.Height * g.Width}), " +
                $"cols {colsLength} (needs {(g.PatchSize - 1) * stride + pixels}), scratch {scratchLength} (needs {ScratchLength(g)}).");
        return stride;
    }

    /// <summary>dst[0..count) = src[0..count); the last vector may overlap the previous one (same values rewritten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy(float* src, float* dst, int count)
    {
        if (Vector512.IsHardwareAccelerated && count >= Vector512<float>.Count)
        {
            int k = 0;
            for (; k + Vector512<float>.Count <= count; k += Vector512<float>.Count) Vector512.Load(src + k).Store(dst + k);
            if (k < count) Vector512.Load(src + count - Vector512<float>.Count).Store(dst + count - Vector512<float>.Count);
            return;
        }
        if (Vector256.IsHardwareAccelerated && count >= Vector256<float>.Count)
        {
            int k = 0;
            for (; k + Vector256<float>.Count <= count; k += Vector256<float>.Count) Vector256.Load(src + k).Store(dst + k);
            if (k < count) Vector256.Load(src + count - Vector256<float>.Count).Store(dst + count - Vector256<float>.Count);
            return;
        }
        for (int k = 0; k < count; k++) dst[k] = src[k];
    }

    /// <summary>dst[0..count) += src[0..count) (no overlapping tail here: each value must be added once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddInto(float* src, float* dst, int count)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k + Vector512<float>.Count <= count; k += Vector512<float>.Count)
                (Vector512.Load(dst + k) + Vector512.Load(src + k)).Store(dst + k);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k + Vector256<float>.Count <= count; k += Vector256<float>.Count)
                (Vector256.Load(dst + k) + Vector256.Load(src + k)).Store(dst + k);
        }
        for (; k < count; k++) dst[k] += src[k];
    }
}
