using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// im2col and its adjoint col2im: turning a convolution into one big matrix product (the approach of Caffe and
/// cuDNN's "implicit GEMM" ancestor). Forward: columns = im2col(x); y = columns · Wᵀ. Backward: dW = dyᵀ · columns;
/// dx = col2im(dy · W).
/// </summary>
public static class Im2ColKernels
{
    /// <summary>
    /// One thread per element of the im2col matrix [N·OH·OW, C·KH·KW]: row (n, oh, ow) is the patch under output
    /// position (oh, ow) of image n; column (c, kh, kw) picks x[n, c, oh·stride − padding + kh, ow·stride − padding + kw],
    /// or 0 where that falls into the padding.
    /// </summary>
    public static void Im2Col(Index1D index, ArrayView<float> input, ArrayView<float> columns, ConvGeometry g)
    {
        int row = index / g.PatchSize, column = index % g.PatchSize;
        int outPlane = g.OutHeight * g.OutWidth;
        int n = row / outPlane, position = row % outPlane;
        int oh = position / g.OutWidth, ow = position % g.OutWidth;
        int kernelPlane = g.KernelHeight * g.KernelWidth;
        int c = column / kernelPlane, offset = column % kernelPlane;
        int kh = offset / g.KernelWidth, kw = offset % g.KernelWidth;
        int ih = oh * g.Stride - g.Padding + kh;
        int iw = ow * g.Stride - g.Padding + kw;
        bool inside = ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width;
        columns[index] = inside ? input[((n * g.Channels + c) * g.Height + ih) * g.Width + iw] : 0f;
    }

    /// <summary>
    /// The adjoint of im2col, written as a gather: one thread per input element x[n, c, h, w] adds up every entry of
    /// the column gradient that im2col copied from it, i.e. every kernel offset (kh, kw) and output position
    /// (oh, ow) with oh·stride − padding + kh = h (and likewise for w). Gathering (instead of each column entry
    /// scattering into x with atomic adds) needs no atomics and adds in a fixed order, so results are reproducible.
    /// </summary>
    public static void Col2Im(Index1D index, ArrayView<float> columns, ArrayView<float> gradInput, ConvGeometry g)
    {
        int w = index % g.Width;
        int h = index / g.Width % g.Height;
        int c = index / (g.Width * g.Height) % g.Channels;
        int n = index / (g.Width * g.Height * g.Channels);
        float sum = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            int shiftedH = h + g.Padding - kh;
            if (shiftedH < 0 || shiftedH % g.Stride != 0) continue;
            int oh = shiftedH / g.Stride;
            if (oh >= g.OutHeight) continue;
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                int shiftedW = w + g.Padding - kw;
                if (shiftedW < 0 || shiftedW % g.Stride != 0) continue;
                int ow = shiftedW / g.Stride;
                if (ow >= g.OutWidth) continue;
                int row = (n * g.OutHeight + oh) * g.OutWidth + ow;
                int column = (c * g.KernelHeight + kh) * g.KernelWidth + kw;
                sum += columns[row * g.PatchSize + column];
            }
        }
        gradInput[index] = sum;
    }
}
