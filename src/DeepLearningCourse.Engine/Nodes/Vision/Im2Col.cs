using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// im2col ("image to columns") turns a convolution into one matrix product. For one image [C, H, W] it builds the
/// matrix cols [C·kh·kw, Ho·Wo]: column (oy, ox) holds the input patch the kernel sees at output position (oy, ox),
/// row r = (c·kh + i)·kw + j holds input pixel (c, oy·s − p + i, ox·s − p + j) (zero in the padding). Then
/// <c>y [outC, Ho·Wo] = W [outC, C·kh·kw] · cols</c>. <see cref="FoldAdd"/> (col2im) is its transpose: it adds
/// each column entry back onto the pixel it came from, which is how the input gradient is formed.
/// </summary>
public static class Im2Col
{
    /// <summary>
    /// Fills <paramref name="cols"/> [C·kh·kw, Ho·Wo] from one image [C, H, W]; its rows are <paramref name="rowStride"/>
    /// floats apart (0 means Ho·Wo).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unfold(ReadOnlySpan<float> image, Span<float> cols, Conv2dGeometry g, int rowStride = 0)
    {
        int ho = g.OutHeight, wo = g.OutWidth, s = g.Stride, p = g.Padding;
        int stride = rowStride == 0 ? ho * wo : rowStride;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                for (int j = 0; j < g.KernelWidth; j++, row++)
                {
                    Span<float> dest = cols.Slice(row * stride, ho * wo);
                    var (first, last) = ValidRange(j, g.Width, wo, s, p);
                    for (int oy = 0; oy < ho; oy++)
                    {
                        Span<float> outRow = dest.Slice(oy * wo, wo);
                        int iy = oy * s - p + i;
                        if (iy < 0 || iy >= g.Height || first >= last)
                        {
                            outRow.Clear();
                            continue;
                        }
                        outRow[..first].Clear();
                        outRow[last..].Clear();
                        ReadOnlySpan<float> inRow = plane.Slice(iy * g.Width, g.Width);
                        int ix = first * s - p + j;
                        if (s == 1)
                        {
                            inRow.Slice(ix, last - first).CopyTo(outRow[first..last]);
                        }
                        else
                        {
                            for (int ox = first; ox < last; ox++, ix += s) outRow[ox] = inRow[ix];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// col2im: adds every entry of <paramref name="cols"/> [C·kh·kw, Ho·Wo] (rows <paramref name="rowStride"/> apart, 0
    /// meaning Ho·Wo) onto its pixel of <paramref name="image"/> [C, H, W].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FoldAdd(ReadOnlySpan<float> cols, Span<float> image, Conv2dGeometry g, int rowStride = 0)
    {
        int ho = g.OutHeight, wo = g.OutWidth, s = g.Stride, p = g.Padding;
        int stride = rowStride == 0 ? ho * wo : rowStride;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            Span<float> plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                for (int j = 0; j < g.KernelWidth; j++, row++)
                {
                    ReadOnlySpan<float> src = cols.Slice(row * stride, ho * wo);
                    var (first, last) = ValidRange(j, g.Width, wo, s, p);
                    if (first >= last) continue;
                    for (int oy = 0; oy < ho; oy++)
                    {
                        int iy = oy * s - p + i;
                        if (iy < 0 || iy >= g.Height) continue;
                        ReadOnlySpan<float> colRow = src.Slice(oy * wo, wo);
                        Span<float> inRow = plane.Slice(iy * g.Width, g.Width);
                        int ix = first * s - p + j;
                        if (s == 1)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(inRow.Slice(ix, last - first), colRow[first..last], inRow.Slice(ix, last - first));
                        }
                        else
                        {
                            for (int ox = first; ox < last; ox++, ix += s) inRow[ix] += colRow[ox];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, last) whose input column ox·s − p + j lies inside 0..width−1.</summary>
    private static (int First, int Last) ValidRange(int j, int width, int outWidth, int stride, int padding)
    {
        int offset = j - padding;
        int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = width - 1 - offset < 0 ? 0 : Math.Min(outWidth, (width - 1 - offset) / stride + 1);
        return (Math.Min(first, last), last);
    }
}
