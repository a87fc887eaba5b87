using System.Buffers;
using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// 2-D convolution (cross-correlation, as in PyTorch's <c>conv2d</c>), channels first (NCHW).
/// Inputs: x [N, C, H, W], weight [outC, C, kh, kw], optional bias [outC] → y [N, outC, Ho, Wo],
/// Ho = (H + 2·padding − kh) / stride + 1, Wo likewise; the padding is zeros on all four sides.
/// <code>
/// y[n, o, oy, ox] = b[o] + Σ_c Σ_i Σ_j  w[o, c, i, j] · x[n, c, oy·stride − padding + i, ox·stride − padding + j]
/// </code>
/// How: per image, im2col builds cols [C·kh·kw, Ho·Wo] (see <see cref="Im2Col"/>; <see cref="Im2ColStride1"/> for stride 1) and then
/// <c>y_n = W · cols</c> with W viewed as [outC, C·kh·kw]. Backward per image: <c>dW += dy_n · colsᵀ</c> (read straight
/// from the padded image where <see cref="DirectWeightGradient"/> applies),
/// <c>dcols = Wᵀ · dy_n</c> folded back onto the pixels (col2im) for dx, and <c>db[o] = Σ dy[n, o, ·, ·]</c>.
/// The products run in <see cref="ConvKernels"/>, register-blocked for these shapes (few rows, long rows of
/// pixels); they compute what <c>Gemm.Multiply</c> would, with the transposes laid out so no operand is strided
/// (for these shapes they measured faster than the general packed GEMM, which also spawns its own threads).
/// Images are split into a fixed number of chunks (independent of the core count) processed in parallel; each
/// chunk sums its own weight gradient and the chunks are added in chunk order, so results are bitwise reproducible.
/// In a graph, dx is skipped when x does not require a gradient (the first layer's input is data).
/// <see cref="Conv2dReference"/> is the loop version this is tested against.
/// </summary>
public sealed class Conv2dNode(int stride = 1, int padding = 0) : Node
{
    /// <summary>Images are split into at most this many chunks, whatever the machine.</summary>
    public const int ChunkCount = 8;

    private Tensor? _x, _weight;
    private bool _hasBias;

    public int Stride { get; } = stride;

    public int Padding { get; } = padding;

    public override string OpName => "Conv2d";

    public override Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length is not (2 or 3))
            throw new ArgumentException($"{OpName}: expected inputs (x, weight) or (x, weight, bias) but got {inputs.Length}.");
        Tensor x = inputs[0], weight = inputs[1];
        Tensor? bias = inputs.Length == 3 ? inputs[2] : null;
        var g = Conv2dGeometry.Of(OpName, x, weight, bias, Stride, Padding);
        (_x, _weight, _hasBias) = (x, weight, bias is not null);

        int pixels = g.OutPixels, imageIn = g.InChannels * g.Height * g.Width, imageOut = g.OutChannels * pixels;
        float[] y = TensorMemory.Uninitialized(g.Batch * imageOut); // every value is written below
        float[] xs = x.Data, ws = weight.Data;
        float[]? bs = bias?.Data;
        int colsStride = PaddedStride(pixels);
        ForEachChunk(g.Batch, (chunk, start, end) =>
        {
            float[] cols = ArrayPool<float>.Shared.Rent(g.PatchSize * colsStride);
            float[] scratch = ArrayPool<float>.Shared.Rent(Im2ColStride1.ScratchLength(g));
            for (int n = start; n < end; n++)
            {
                Unfold(xs.AsSpan(n * imageIn, imageIn), cols, g, colsStride, scratch);
                Span<float> yn = y.AsSpan(n * imageOut, imageOut);
                // y_n [outC, pixels] = W [outC, patch] · cols [patch, pixels], each row starting from its bias.
                ConvKernels.Multiply(ws, cols, yn, g.OutChannels, pixels, g.PatchSize, strideB: colsStride, rowOffset: bs);
            }
            ArrayPool<float>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(scratch);
        });
        return new Tensor(y, g.OutputShape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        Tensor x = NodeArgs.Saved(this, _x), weight = NodeArgs.Saved(this, _weight);
        var g = Conv2dGeometry.Of(OpName, x, weight, null, Stride, Padding);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(g.OutputShape))
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the output was {Tensor.ShapeText(g.OutputShape)}.");
        // The first layer's input (the data) needs no gradient: skip dx when the graph says nobody wants it.
        bool wantInput = NeedsGradient(0);

        int pixels = g.OutPixels, imageIn = g.InChannels * g.Height * g.Width, imageOut = g.OutChannels * pixels;
        int patch = g.PatchSize;
        float[] xs = x.Data, ws = weight.Data, dys = gradOutput.Data;
        float[]? dx = wantInput ? TensorMemory.Uninitialized(x.Size) : null; // each image is cleared before col2im
        float[] weightT = Transpose(ws, g.OutChannels, patch);
        int colsStride = PaddedStride(pixels);
        bool direct = DirectWeightGradient.Applies(g);
        int chunks = Math.Max(1, Math.Min(ChunkCount, g.Batch)); // an empty batch still runs one (empty) chunk
        var dwPartial = new float[chunks][];
        var dbPartial = new float[chunks][];
        ForEachChunk(g.Batch, (chunk, start, end) =>
        {
            float[] cols = ArrayPool<float>.Shared.Rent(patch * colsStride);
            float[] scratch = ArrayPool<float>.Shared.Rent(Im2ColStride1.ScratchLength(g));
            // When the im2col rows are padded (see PaddedStride), dy_n is copied with the same row stride, so the
            // products below read rows that start on cache lines and do not all map to one L1 set.
            float[]? dyPadded = colsStride == pixels ? null : ArrayPool<float>.Shared.Rent(g.OutChannels * colsStride);
            var dw = TensorMemory.Zeroed(g.OutChannels * patch);
            var db = TensorMemory.Zeroed(g.OutChannels);
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> dyn = dys.AsSpan(n * imageOut, imageOut);
                for (int o = 0; o < g.OutChannels; o++) db[o] += TensorPrimitives.Sum(dyn.Slice(o * pixels, pixels));
                int dyStride = pixels;
                if (dyPadded is not null)
                {
                    for (int o = 0; o < g.OutChannels; o++) dyn.Slice(o * pixels, pixels).CopyTo(dyPadded.AsSpan(o * colsStride));
                    dyn = dyPadded;
                    dyStride = colsStride;
                }
                // dW [outC, patch] += dy_n [outC, pixels] · cols [patch, pixels]ᵀ, reading cols from the padded image where it can.
                ReadOnlySpan<float> image = xs.AsSpan(n * imageIn, imageIn);
                if (direct)
                {
                    DirectWeightGradient.Add(dyn, dyStride, Im2ColStride1.Padded(image, scratch, g), g, dw);
                }
                else
                {
                    Unfold(image, cols, g, colsStride, scratch);
                    ConvKernels.MultiplyByTransposeAdd(dyn, cols, dw, g.OutChannels, pixels, patch, strideA: dyStride, strideB: colsStride);
                }
                if (dx is null) continue;
                // dcols [patch, pixels] = Wᵀ [patch, outC] · dy_n [outC, pixels]; cols is reused as dcols.
                ConvKernels.Multiply(weightT, dyn, cols, patch, pixels, g.OutChannels, strideB: dyStride, strideC: colsStride);
                Fold(cols, dx.AsSpan(n * imageIn, imageIn), g, colsStride, scratch);
            }
            ArrayPool<float>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(scratch);
            if (dyPadded is not null) ArrayPool<float>.Shared.Return(dyPadded);
            dwPartial[chunk] = dw;
            dbPartial[chunk] = db;
        });
        float[] dwTotal = dwPartial[0], dbTotal = dbPartial[0];
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add(dwTotal, dwPartial[c], dwTotal);
            TensorPrimitives.Add(dbTotal, dbPartial[c], dbTotal);
        }
        Tensor? gradInput = dx is null ? null : new Tensor(dx, x.Shape);
        var gradWeight = new Tensor(dwTotal, weight.Shape);
        return _hasBias ? [gradInput, gradWeight, new Tensor(dbTotal, g.OutChannels)] : [gradInput, gradWeight];
    }

    public override void ReleaseSavedState()
    {
        (_x, _weight) = (null, null);
        base.ReleaseSavedState();
    }

    /// <summary>
    /// Row stride of the im2col buffer: Ho·Wo rounded up to whole cache lines, plus one line when rows would be a
    /// multiple of 1 KiB apart (rows 4 KiB apart, as with 32×32 images, all land in the same L1 cache set).
    /// </summary>
    private static int PaddedStride(int pixels)
    {
        int stride = (pixels + 15) / 16 * 16;
        return stride % 256 == 0 ? stride + 16 : stride;
    }

    /// <summary>im2col of one image: the contiguous-copy path for stride 1, the general one otherwise.</summary>
    private static void Unfold(ReadOnlySpan<float> image, Span<float> cols, Conv2dGeometry g, int colsStride, Span<float> scratch)
    {
        if (g.Stride == 1) Im2ColStride1.Unfold(image, cols, g, colsStride, scratch);
        else Im2Col.Unfold(image, cols, g, colsStride);
    }

    /// <summary>col2im of one image, overwriting it: the vector-add path for stride 1, the general one otherwise.</summary>
    private static void Fold(ReadOnlySpan<float> cols, Span<float> image, Conv2dGeometry g, int colsStride, Span<float> scratch)
    {
        if (g.Stride == 1)
        {
            Im2ColStride1.Fold(cols, image, g, colsStride, scratch);
            return;
        }
        image.Clear();
        Im2Col.FoldAdd(cols, image, g, colsStride);
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var t = TensorMemory.Zeroed(matrix.Length);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) t[c * rows + r] = matrix[r * columns + c];
        return t;
    }

    /// <summary>Runs <paramref name="body"/>(chunk, start, end) for each of the fixed chunks of [0, batch), in parallel.</summary>
    private static void ForEachChunk(int batch, Action<int, int, int> body)
    {
        int chunks = Math.Min(ChunkCount, batch);
        if (chunks <= 1)
        {
            body(0, 0, batch);
            return;
        }
        // The engine's own worker threads (see WorkerThreads): waking pooled tasks with Parallel.For cost more than the
        // work at these sizes and made timings erratic.
        WorkerThreads.Run(chunks, (body, chunks, batch), static (c, s) => s.body(c, ChunkStart(c, s.chunks, s.batch), ChunkStart(c + 1, s.chunks, s.batch)));
    }

    private static int ChunkStart(int chunk, int chunks, int batch) => (int)((long)chunk * batch / chunks);
}
