namespace DeepLearningCourse.Engine;

/// <summary>
/// The primitive operations a training step of an MLP or a small CNN needs, on tensors that stay in the backend's
/// memory (<see cref="DeviceTensor"/>). Two implementations share this contract and are tested equal:
/// <see cref="CpuBackend"/> (the reference: plain loops plus the engine's <see cref="Gemm"/>) and
/// <see cref="IlgpuBackend"/> (ILGPU kernels on CUDA, OpenCL or ILGPU's CPU accelerator).
/// </summary>
/// <remarks>
/// This class checks shapes and that every operand belongs to this backend, with messages that name the op, the
/// shapes and the fix; the implementations only compute. Operations may run asynchronously on a device:
/// reading a tensor on the host (<see cref="DeviceTensor.ToArray"/>) or <see cref="Synchronize"/> waits for them.
/// Memory policy: see docs/gpu.md — long-lived tensors (parameters, optimizer state, per-batch workspaces) are
/// allocated once by their owner and disposed with it; the backend (and with it the accelerator) is disposed last.
/// </remarks>
public abstract class ComputeBackend : IDisposable
{
    private bool _disposed;

    /// <summary>Short name, e.g. "CUDA: NVIDIA H100 80GB HBM3" or "CPU (engine reference)".</summary>
    public abstract string Name { get; }

    /// <summary>The kind of device the work runs on.</summary>
    public abstract DeviceKind Kind { get; }

    /// <summary>Device name, memory, and (when chosen automatically) why other devices were skipped.</summary>
    public abstract string Describe();

    /// <summary>A zero-filled tensor of the given shape in this backend's memory.</summary>
    public DeviceTensor Allocate(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ThrowIfDisposed();
        return AllocateCore(shape, DeviceTensor.ShapeSize(shape));
    }

    /// <summary>A copy of <paramref name="tensor"/> in this backend's memory.</summary>
    public DeviceTensor Upload(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var result = Allocate(tensor.Shape);
        result.CopyFrom(tensor);
        if (tensor.Label is not null) result.Label = tensor.Label;
        return result;
    }

    /// <summary>Waits until all queued work has finished.</summary>
    public abstract void Synchronize();

    /// <summary>
    /// C = op(A) · op(B), or C += op(A) · op(B) when <paramref name="accumulate"/>. A is [M, K] ([K, M] when
    /// <paramref name="transposeA"/>), B is [K, N] ([N, K] when <paramref name="transposeB"/>), C is [M, N].
    /// </summary>
    public void MatMul(DeviceTensor a, DeviceTensor b, DeviceTensor c, bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckOperands("MatMul", a, b, c);
        RequireRank("MatMul", a, 2);
        RequireRank("MatMul", b, 2);
        RequireRank("MatMul", c, 2);
        int m = transposeA ? a.Shape[1] : a.Shape[0], k = transposeA ? a.Shape[0] : a.Shape[1];
        int kB = transposeB ? b.Shape[1] : b.Shape[0], n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kB)
            throw new ShapeException($"MatMul: A{(transposeA ? "ᵀ" : "")} is {Dims(m, k)} but B{(transposeB ? "ᵀ" : "")} is {Dims(kB, n)}; inner sizes {k} and {kB} must match.");
        if (c.Shape[0] != m || c.Shape[1] != n)
            throw new ShapeException($"MatMul: the product is {Dims(m, n)} but C is {Tensor.ShapeText(c.Shape)}; allocate C as {Dims(m, n)}.");
        MatMulCore(a, b, c, new GemmShape(m, n, k, transposeA, transposeB, accumulate));
    }

    /// <summary>x [rows, cols] += bias [cols], in place.</summary>
    public void AddBias(DeviceTensor x, DeviceTensor bias)
    {
        CheckOperands("AddBias", x, bias);
        RequireRank("AddBias", x, 2);
        if (bias.Rank != 1 || bias.Shape[0] != x.Shape[1])
            throw new ShapeException($"AddBias: x is {Tensor.ShapeText(x.Shape)} so bias must be [{x.Shape[1]}], but it is {Tensor.ShapeText(bias.Shape)}.");
        AddBiasCore(x, bias);
    }

    /// <summary>y = max(x, 0), element-wise (same number of values).</summary>
    public void Relu(DeviceTensor x, DeviceTensor y)
    {
        CheckOperands("Relu", x, y);
        RequireSameSize("Relu", x, y);
        ReluCore(x, y);
    }

    /// <summary>gradInput = gradOutput where x &gt; 0, else 0 (x is the ReLU's input).</summary>
    public void ReluBackward(DeviceTensor x, DeviceTensor gradOutput, DeviceTensor gradInput)
    {
        CheckOperands("ReluBackward", x, gradOutput, gradInput);
        RequireSameSize("ReluBackward", x, gradOutput);
        RequireSameSize("ReluBackward", x, gradInput);
        ReluBackwardCore(x, gradOutput, gradInput);
    }

    /// <summary>
    /// Mean softmax cross-entropy: logits [N, C], labels [N] (class indices as floats) → loss [1]; also writes
    /// softmax(logits) into probabilities [N, C] for the backward pass.
    /// </summary>
    public void SoftmaxCrossEntropy(DeviceTensor logits, DeviceTensor labels, DeviceTensor probabilities, DeviceTensor loss)
    {
        CheckOperands("SoftmaxCrossEntropy", logits, labels, probabilities, loss);
        CheckCrossEntropyShapes("SoftmaxCrossEntropy", logits, labels, probabilities);
        if (loss.Size != 1)
            throw new ShapeException($"SoftmaxCrossEntropy: loss must hold one value but is {Tensor.ShapeText(loss.Shape)}; allocate it as [1].");
        SoftmaxCrossEntropyCore(logits, labels, probabilities, loss);
    }

    /// <summary>gradLogits = (probabilities − onehot(labels)) / N, the gradient of the mean loss.</summary>
    public void SoftmaxCrossEntropyBackward(DeviceTensor probabilities, DeviceTensor labels, DeviceTensor gradLogits)
    {
        CheckOperands("SoftmaxCrossEntropyBackward", probabilities, labels, gradLogits);
        CheckCrossEntropyShapes("SoftmaxCrossEntropyBackward", probabilities, labels, gradLogits);
        SoftmaxCrossEntropyBackwardCore(probabilities, labels, gradLogits);
    }

    /// <summary>sums [cols] = Σ over rows of x [rows, cols] (the bias gradient).</summary>
    public void ColumnSums(DeviceTensor x, DeviceTensor sums)
    {
        CheckOperands("ColumnSums", x, sums);
        RequireRank("ColumnSums", x, 2);
        if (sums.Size != x.Shape[1])
            throw new ShapeException($"ColumnSums: x is {Tensor.ShapeText(x.Shape)} so sums must be [{x.Shape[1]}], but it is {Tensor.ShapeText(sums.Shape)}.");
        ColumnSumsCore(x, sums);
    }

    /// <summary>SGD: parameter −= learningRate · gradient.</summary>
    public void SgdUpdate(DeviceTensor parameter, DeviceTensor gradient, float learningRate)
    {
        CheckOperands("SgdUpdate", parameter, gradient);
        RequireSameSize("SgdUpdate", parameter, gradient);
        SgdUpdateCore(parameter, gradient, learningRate);
    }

    /// <summary>One Adam step (see <see cref="OptimizerKernels.Adam"/>); the moments have the parameter's size.</summary>
    public void AdamUpdate(DeviceTensor parameter, DeviceTensor gradient, DeviceTensor firstMoment, DeviceTensor secondMoment, AdamStep step)
    {
        CheckOperands("AdamUpdate", parameter, gradient, firstMoment, secondMoment);
        RequireSameSize("AdamUpdate", parameter, gradient);
        RequireSameSize("AdamUpdate", parameter, firstMoment);
        RequireSameSize("AdamUpdate", parameter, secondMoment);
        AdamUpdateCore(parameter, gradient, firstMoment, secondMoment, step);
    }

    /// <summary>columns [N·OH·OW, C·KH·KW] = im2col(input [N, C, H, W]).</summary>
    public void Im2Col(DeviceTensor input, DeviceTensor columns, ConvGeometry geometry)
    {
        CheckOperands("Im2Col", input, columns);
        CheckConvShapes("Im2Col", input, columns, geometry);
        Im2ColCore(input, columns, geometry);
    }

    /// <summary>gradInput [N, C, H, W] = col2im(columns [N·OH·OW, C·KH·KW]), the adjoint of <see cref="Im2Col"/>.</summary>
    public void Col2Im(DeviceTensor columns, DeviceTensor gradInput, ConvGeometry geometry)
    {
        CheckOperands("Col2Im", columns, gradInput);
        CheckConvShapes("Col2Im", gradInput, columns, geometry);
        Col2ImCore(columns, gradInput, geometry);
    }

    /// <summary>nchw [N, F, OH, OW] from rows [N·OH·OW, F].</summary>
    public void RowsToNchw(DeviceTensor rows, DeviceTensor nchw)
    {
        CheckOperands("RowsToNchw", rows, nchw);
        var (features, spatial) = CheckLayoutShapes("RowsToNchw", rows, nchw);
        RowsToNchwCore(rows, nchw, features, spatial);
    }

    /// <summary>rows [N·OH·OW, F] from nchw [N, F, OH, OW].</summary>
    public void NchwToRows(DeviceTensor nchw, DeviceTensor rows)
    {
        CheckOperands("NchwToRows", rows, nchw);
        var (features, spatial) = CheckLayoutShapes("NchwToRows", rows, nchw);
        NchwToRowsCore(nchw, rows, features, spatial);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => Name;

    internal abstract void Download(DeviceTensor source, float[] destination);

    internal abstract void Upload(float[] source, DeviceTensor destination);

    private protected abstract DeviceTensor AllocateCore(int[] shape, long size);

    private protected abstract void MatMulCore(DeviceTensor a, DeviceTensor b, DeviceTensor c, GemmShape shape);

    private protected abstract void AddBiasCore(DeviceTensor x, DeviceTensor bias);

    private protected abstract void ReluCore(DeviceTensor x, DeviceTensor y);

    private protected abstract void ReluBackwardCore(DeviceTensor x, DeviceTensor gradOutput, DeviceTensor gradInput);

    private protected abstract void SoftmaxCrossEntropyCore(DeviceTensor logits, DeviceTensor labels, DeviceTensor probabilities, DeviceTensor loss);

    private protected abstract void SoftmaxCrossEntropyBackwardCore(DeviceTensor probabilities, DeviceTensor labels, DeviceTensor gradLogits);

    private protected abstract void ColumnSumsCore(DeviceTensor x, DeviceTensor sums);

    private protected abstract void SgdUpdateCore(DeviceTensor parameter, DeviceTensor gradient, float learningRate);

    private protected abstract void AdamUpdateCore(DeviceTensor parameter, DeviceTensor gradient, DeviceTensor firstMoment, DeviceTensor secondMoment, AdamStep step);

    private protected abstract void Im2ColCore(DeviceTensor input, DeviceTensor columns, ConvGeometry geometry);

    private protected abstract void Col2ImCore(DeviceTensor columns, DeviceTensor gradInput, ConvGeometry geometry);

    private protected abstract void RowsToNchwCore(DeviceTensor rows, DeviceTensor nchw, int features, int spatial);

    private protected abstract void NchwToRowsCore(DeviceTensor nchw, DeviceTensor rows, int features, int spatial);

    private protected abstract void DisposeCore();

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static string Dims(int rows, int cols) => $"[{rows}, {cols}]";

    private void CheckOperands(string op, params DeviceTensor[] operands)
    {
        ThrowIfDisposed();
        foreach (var t in operands)
        {
            ArgumentNullException.ThrowIfNull(t, op);
            if (!ReferenceEquals(t.Backend, this))
                throw new InvalidOperationException($"{op}: {t} belongs to another backend than {Name}; upload it to this backend first (backend.Upload(tensor.ToTensor())).");
            ObjectDisposedException.ThrowIf(t.IsDisposed, t);
        }
    }

    private static void RequireRank(string op, DeviceTensor t, int rank)
    {
        if (t.Rank != rank)
            throw new ShapeException($"{op}: {t} has rank {t.Rank}; it needs rank {rank}. Reshape it first.");
    }

    private static void RequireSameSize(string op, DeviceTensor a, DeviceTensor b)
    {
        if (a.Size != b.Size)
            throw new ShapeException($"{op}: {a} and {b} must have the same number of values ({a.Size} vs {b.Size}).");
    }

    private static void CheckCrossEntropyShapes(string op, DeviceTensor logitsLike, DeviceTensor labels, DeviceTensor other)
    {
        RequireRank(op, logitsLike, 2);
        if (labels.Rank != 1 || labels.Shape[0] != logitsLike.Shape[0])
            throw new ShapeException($"{op}: logits are {Tensor.ShapeText(logitsLike.Shape)} so labels must be [{logitsLike.Shape[0]}] (one class index per row), but they are {Tensor.ShapeText(labels.Shape)}.");
        if (!other.Shape.AsSpan().SequenceEqual(logitsLike.Shape))
            throw new ShapeException($"{op}: {other} must have the logits' shape {Tensor.ShapeText(logitsLike.Shape)}.");
    }

    private static void CheckConvShapes(string op, DeviceTensor input, DeviceTensor columns, ConvGeometry g)
    {
        if (!input.Shape.AsSpan().SequenceEqual(g.InputShape))
            throw new ShapeException($"{op}: the image tensor is {Tensor.ShapeText(input.Shape)} but the geometry ({g}) expects {Tensor.ShapeText(g.InputShape)}.");
        if (columns.Rank != 2 || columns.Shape[0] != g.PatchRows || columns.Shape[1] != g.PatchSize)
            throw new ShapeException($"{op}: the column matrix is {Tensor.ShapeText(columns.Shape)} but {g} needs [{g.PatchRows}, {g.PatchSize}] (N·OH·OW, C·KH·KW).");
    }

    private static (int Features, int Spatial) CheckLayoutShapes(string op, DeviceTensor rows, DeviceTensor nchw)
    {
        RequireRank(op, rows, 2);
        RequireRank(op, nchw, 4);
        int features = nchw.Shape[1], spatial = nchw.Shape[2] * nchw.Shape[3];
        if (rows.Shape[0] != nchw.Shape[0] * spatial || rows.Shape[1] != features)
            throw new ShapeException($"{op}: nchw is {Tensor.ShapeText(nchw.Shape)} so rows must be [{nchw.Shape[0] * spatial}, {features}] (N·OH·OW, F), but they are {Tensor.ShapeText(rows.Shape)}.");
        return (features, spatial);
    }
}

/// <summary>The kinds of device a backend can run on.</summary>
public enum DeviceKind
{
    /// <summary>The engine's own CPU code (reference loops and the fast <see cref="Gemm"/>): the default without a GPU.</summary>
    Cpu,
    /// <summary>ILGPU's CPU accelerator, configured like an NVIDIA device (warp 32, groups up to 1024): runs the GPU
    /// kernels on the CPU, correctly but slowly — for tests, debugging and notebooks on machines without a GPU.</summary>
    IlgpuCpu,
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,
    /// <summary>An OpenCL 2.0+ device with generic address space support through ILGPU's OpenCL backend.</summary>
    OpenCL,
}
