using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The weight gradient of a stride-1 convolution read straight from the zero-padded image, without im2col:
/// <code>
/// dW[o, c, i, j] += Σ_oy Σ_ox  dy[o, oy, ox] · x̃[c, oy + i, ox + j]      (x̃: the image padded by p on every side)
/// </code>
/// which is <c>dW += dy · colsᵀ</c> (<see cref="ConvKernels.MultiplyByTransposeAdd"/>) with each row of cols read
/// from x̃ at its own offset instead of being copied out. The padded image (C·(H+2p)·(W+2p) floats, a few KiB) and four
/// rows of dy stay in L1 while every tap is visited, where the im2col route streams cols [C·kh·kw, Ho·Wo] from L2
/// once per block of output channels and writes it first. Applies when the stride is 1 and Wo is a whole number of
/// vectors (<see cref="Applies"/>), e.g. 32×32 images with "same" padding; results equal the im2col route up to
/// float rounding (tested).
/// </summary>
public static class DirectWeightGradient
{
    private const int Lanes = 16;

    /// <summary>True where this path applies: stride 1, Vector512 hardware, Wo a multiple of 16, at least 4 output channels and 4 taps.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector512.IsHardwareAccelerated && g.Stride == 1 && g.OutWidth % Lanes == 0 && g.OutChannels >= 4 && g.PatchSize >= 4;

    /// <summary>
    /// dW [outC, C·kh·kw] += dy · colsᵀ for one image. <paramref name="dy"/> holds [outC, Ho·Wo] with channel rows
    /// <paramref name="dyStride"/> floats apart; <paramref name="padded"/> is the image padded by p on every side,
    /// [C, H + 2p, W + 2p] (see <see cref="Im2ColStride1.Padded"/>).
    /// </summary>
    public static unsafe void Add(ReadOnlySpan<float> dy, int dyStride, ReadOnlySpan<float> padded, Conv2dGeometry g, Span<float> dw)
    {
        if (!Applies(g))
            throw new ArgumentException($"DirectWeightGradient: needs stride 1, Vector512, Wo a multiple of {Lanes} and at least 4 channels and taps; got stride {g.Stride}, Wo {g.OutWidth}, outC {g.OutChannels}, taps {g.PatchSize}.");
        int pixels = g.OutPixels, taps = g.PatchSize, outC = g.OutChannels;
        int paddedHeight = g.Height + 2 * g.Padding, paddedWidth = g.Width + 2 * g.Padding;
        if (dyStride < pixels || dy.Length < (outC - 1) * dyStride + pixels || padded.Length < g.InChannels * paddedHeight * paddedWidth || dw.Length < outC * taps)
            throw new ArgumentException($"DirectWeightGradient: buffers too small: dy {dy.Length} (stride {dyStride}), padded {padded.Length}, dW {dw.Length} for {g}.");

        // Where row (c, i, j) of cols starts in the padded image; output pixel (oy, ox) adds oy·(W + 2p) + ox.
        Span<int> tapOffsets = taps <= 1024 ? stackalloc int[taps] : new int[taps];
        for (int c = 0, t = 0; c < g.InChannels; c++)
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++, t++) tapOffsets[t] = (c * paddedHeight + i) * paddedWidth + j;

        fixed (float* pd = dy, px = padded, pw = dw)
        fixed (int* offsets = tapOffsets)
        {
            // Sizes that are not a multiple of 4 shift the last block back to end at the edge; dW is accumulated into,
            // so what an earlier block already added is skipped when storing.
            for (int oBlock = 0; oBlock < outC; oBlock += 4)
            {
                int o = Math.Min(oBlock, outC - 4), skipRows = oBlock - o;
                for (int tBlock = 0; tBlock < taps; tBlock += 4)
                {
                    int t = Math.Min(tBlock, taps - 4), skipColumns = tBlock - t;
                    Block(pd + o * dyStride, dyStride, px, offsets + t, g.OutHeight, g.OutWidth, paddedWidth,
                        pw + o * taps + t, taps, skipRows, skipColumns);
                }
            }
        }
    }

    /// <summary>4 output channels × 4 taps: 16 Vector512 sums over every output pixel, then added into dW.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block(float* dy, int dyStride, float* padded, int* offsets, int ho, int wo, int paddedWidth,
        float* dw, int taps, int skipRows, int skipColumns)
    {
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default;
        Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default;
        float* d0 = dy, d1 = d0 + dyStride, d2 = d1 + dyStride, d3 = d2 + dyStride;
        float* x0 = padded + offsets[0], x1 = padded + offsets[1], x2 = padded + offsets[2], x3 = padded + offsets[3];
        for (int oy = 0; oy < ho; oy++, d0 += wo, d1 += wo, d2 += wo, d3 += wo, x0 += paddedWidth, x1 += paddedWidth, x2 += paddedWidth, x3 += paddedWidth)
        {
            for (int ox = 0; ox < wo; ox += Lanes)
            {
                var y0 = Vector512.Load(x0 + ox);
                var y1 = Vector512.Load(x1 + ox);
                var y2 = Vector512.Load(x2 + ox);
                var y3 = Vector512.Load(x3 + ox);
                var g = Vector512.Load(d0 + ox);
                s00 = Vector512.FusedMultiplyAdd(g, y0, s00); s01 = Vector512.FusedMultiplyAdd(g, y1, s01);
                s02 = Vector512.FusedMultiplyAdd(g, y2, s02); s03 = Vector512.FusedMultiplyAdd(g, y3, s03);
                g = Vector512.Load(d1 + ox);
                s10 = Vector512.FusedMultiplyAdd(g, y0, s10); s11 = Vector512.FusedMultiplyAdd(g, y1, s11);
                s12 = Vector512.FusedMultiplyAdd(g, y2, s12); s13 = Vector512.FusedMultiplyAdd(g, y3, s13);
                g = Vector512.Load(d2 + ox);
                s20 = Vector512.FusedMultiplyAdd(g, y0, s20); s21 = Vector512.FusedMultiplyAdd(g, y1, s21);
                s22 = Vector512.FusedMultiplyAdd(g, y2, s22); s23 = Vector512.FusedMultiplyAdd(g, y3, s23);
                g = Vector512.Load(d3 + ox);
                s30 = Vector512.FusedMultiplyAdd(g, y0, s30); s31 = Vector512.FusedMultiplyAdd(g, y1, s31);
                s32 = Vector512.FusedMultiplyAdd(g, y2, s32); s33 = Vector512.FusedMultiplyAdd(g, y3, s33);
            }
        }
        if (skipRows < 1) ConvKernels.AddSums(dw, skipColumns, s00, s01, s02, s03);
        if (skipRows < 2) ConvKernels.AddSums(dw + taps, skipColumns, s10, s11, s12, s13);
        if (skipRows < 3) ConvKernels.AddSums(dw + 2 * taps, skipColumns, s20, s21, s22, s23);
        ConvKernels.AddSums(dw + 3 * taps, skipColumns, s30, s31, s32, s33);
    }
}
