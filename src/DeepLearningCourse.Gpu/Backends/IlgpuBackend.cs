using System.Globalization;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearningCourse.Engine;

/// <summary>The rungs of the SGEMM ladder (lecture 14), slowest first.</summary>
public enum SgemmAlgorithm
{
    /// <summary><see cref="NaiveSgemmKernel"/>: one thread per output, everything from global memory.</summary>
    Naive,
    /// <summary><see cref="TiledSgemmKernel"/>: 16×16 shared-memory tiles.</summary>
    Tiled,
    /// <summary><see cref="RegisterBlockedSgemmKernel"/>: 64×64 blocks, 4×4 outputs per thread in registers.</summary>
    RegisterBlocked,
}

/// <summary>
/// Runs the <see cref="ComputeBackend"/> operations as ILGPU kernels on one accelerator (CUDA, OpenCL, or ILGPU's CPU
/// accelerator). Tensors live in device memory; only <see cref="DeviceTensor.ToArray"/> and
/// <see cref="DeviceTensor.CopyFrom(float[])"/> cross the PCIe bus. All work is queued on the accelerator's default
/// stream, in order.
/// </summary>
/// <remarks>
/// Loading a kernel compiles it (ILGPU: .NET IL → PTX/OpenCL C → driver), ~0.1–0.6 s the first time, so each kernel is
/// loaded once per accelerator, on first use, and the delegate is kept in a field. The backend owns the ILGPU
/// <see cref="Context"/> and <see cref="Accelerator"/> and disposes both; dispose every DeviceTensor first.
/// Set DLC_DEBUG=2 (<see cref="EngineLog.Level"/> Trace) to log each kernel launch with its time.
/// </remarks>
public sealed class IlgpuBackend : ComputeBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly string _skipped;
    private readonly AcceleratorStream _stream;

    private Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? _naiveSgemm;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? _tiledSgemm;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? _registerBlockedSgemm;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int>? _biasAdd;
    private Action<Index1D, ArrayView<float>, ArrayView<float>>? _relu;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _reluBackward;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _softmaxRows;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int>? _meanOfRows;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>? _softmaxBackward;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>? _columnSums;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, float>? _sgd;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamStep>? _adam;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry>? _im2col;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry>? _col2im;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>? _rowsToNchw;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>? _nchwToRows;
    private DeviceTensor? _rowLosses;

    /// <summary>Takes ownership of <paramref name="context"/> and <paramref name="accelerator"/>.</summary>
    public IlgpuBackend(Context context, Accelerator accelerator, DeviceKind kind, string skippedDevices = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(accelerator);
        _context = context;
        _accelerator = accelerator;
        _stream = accelerator.DefaultStream;
        _skipped = skippedDevices;
        Kind = kind;
    }

    /// <summary>Which SGEMM kernel <see cref="ComputeBackend.MatMul"/> uses (default: the fastest rung).</summary>
    public SgemmAlgorithm Sgemm { get; set; } = SgemmAlgorithm.RegisterBlocked;

    /// <summary>The ILGPU accelerator (for launching your own kernels, e.g. in notebook 14).</summary>
    public Accelerator Accelerator => _accelerator;

    public override DeviceKind Kind { get; }

    public override string Name => Kind switch
    {
        DeviceKind.IlgpuCpu => $"ILGPU CPU accelerator ({_accelerator.Name}, simulating a GPU)",
        _ => $"{Kind}: {_accelerator.Name}",
    };

    public override string Describe()
    {
        string memory = Kind == DeviceKind.IlgpuCpu ? "host" : (_accelerator.MemorySize / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " GiB";
        string text = string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} memory, {2} multiprocessors, warp {3}, up to {4} threads per group, {5} KiB shared memory per group; SGEMM kernel {6}.",
            Name, memory, _accelerator.NumMultiprocessors, _accelerator.WarpSize,
            _accelerator.MaxNumThreadsPerGroup, _accelerator.MaxSharedMemoryPerGroup / 1024, Sgemm);
        return string.IsNullOrEmpty(_skipped) ? text : text + Environment.NewLine + _skipped;
    }

    public override void Synchronize() => _accelerator.Synchronize();

    internal override void Download(DeviceTensor source, float[] destination)
    {
        if (source.Size == 0) return;
        _stream.Synchronize();
        source.View.CopyToCPU(destination.AsSpan(0, source.Size));
        _stream.Synchronize();
    }

    internal override void Upload(float[] source, DeviceTensor destination)
    {
        if (destination.Size == 0) return;
        destination.View.CopyFromCPU(source.AsSpan(0, destination.Size));
    }

    private protected override DeviceTensor AllocateCore(int[] shape, long size)
    {
        var buffer = _accelerator.Allocate1D<float>(Math.Max(size, 1));
        buffer.MemSetToZero(_stream);
        return new DeviceTensor(this, shape, host: null, buffer, ownsStorage: true);
    }

    private protected override void MatMulCore(DeviceTensor a, DeviceTensor b, DeviceTensor c, GemmShape shape)
    {
        if (shape.M == 0 || shape.N == 0) return;
        using var trace = TraceLaunch(Sgemm.ToString() + " SGEMM", $"M={shape.M} N={shape.N} K={shape.K}");
        switch (Sgemm)
        {
            case SgemmAlgorithm.Naive:
                _naiveSgemm ??= _accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(NaiveSgemmKernel.Kernel);
                _naiveSgemm(new Index2D(shape.N, shape.M), a.View, b.View, c.View, shape);
                break;
            case SgemmAlgorithm.Tiled:
                _tiledSgemm ??= _accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(TiledSgemmKernel.Kernel);
                _tiledSgemm(Groups(shape, TiledSgemmKernel.Tile, TiledSgemmKernel.Tile), a.View, b.View, c.View, shape);
                break;
            case SgemmAlgorithm.RegisterBlocked:
                _registerBlockedSgemm ??= _accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(RegisterBlockedSgemmKernel.Kernel);
                _registerBlockedSgemm(Groups(shape, RegisterBlockedSgemmKernel.Block, RegisterBlockedSgemmKernel.Threads), a.View, b.View, c.View, shape);
                break;
            default:
                throw new InvalidOperationException($"MatMul: unknown SGEMM algorithm {Sgemm}.");
        }
    }

    private protected override void AddBiasCore(DeviceTensor x, DeviceTensor bias)
    {
        if (x.Size == 0) return;
        _biasAdd ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(BiasAddKernel.Kernel);
        using (TraceLaunch("BiasAdd", Tensor.ShapeText(x.Shape)))
            _biasAdd(x.Size, x.View, bias.View, bias.Size);
    }

    private protected override void ReluCore(DeviceTensor x, DeviceTensor y)
    {
        if (x.Size == 0) return;
        _relu ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ReluKernels.Forward);
        using (TraceLaunch("Relu", Tensor.ShapeText(x.Shape)))
            _relu(x.Size, x.View, y.View);
    }

    private protected override void ReluBackwardCore(DeviceTensor x, DeviceTensor gradOutput, DeviceTensor gradInput)
    {
        if (x.Size == 0) return;
        _reluBackward ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ReluKernels.Backward);
        using (TraceLaunch("ReluBackward", Tensor.ShapeText(x.Shape)))
            _reluBackward(x.Size, x.View, gradOutput.View, gradInput.View);
    }

    private protected override void SoftmaxCrossEntropyCore(DeviceTensor logits, DeviceTensor labels, DeviceTensor probabilities, DeviceTensor loss)
    {
        int rows = logits.Shape[0], classes = logits.Shape[1];
        if (_rowLosses is null || _rowLosses.Size < rows)
        {
            _rowLosses?.Dispose();
            _rowLosses = Allocate(rows);
        }
        _softmaxRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(SoftmaxCrossEntropyKernels.ForwardRows);
        _meanOfRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(SoftmaxCrossEntropyKernels.MeanOfRows);
        using (TraceLaunch("SoftmaxCrossEntropy", Tensor.ShapeText(logits.Shape)))
        {
            _softmaxRows(rows, logits.View, labels.View, probabilities.View, _rowLosses.View, classes);
            _meanOfRows(1, _rowLosses.View, loss.View, rows);
        }
    }

    private protected override void SoftmaxCrossEntropyBackwardCore(DeviceTensor probabilities, DeviceTensor labels, DeviceTensor gradLogits)
    {
        int rows = probabilities.Shape[0], classes = probabilities.Shape[1];
        _softmaxBackward ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>(SoftmaxCrossEntropyKernels.Backward);
        using (TraceLaunch("SoftmaxCrossEntropyBackward", Tensor.ShapeText(probabilities.Shape)))
            _softmaxBackward(probabilities.Size, probabilities.View, labels.View, gradLogits.View, classes, 1f / rows);
    }

    private protected override void ColumnSumsCore(DeviceTensor x, DeviceTensor sums)
    {
        if (sums.Size == 0) return;
        _columnSums ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(ColumnSumKernel.Kernel);
        using (TraceLaunch("ColumnSums", Tensor.ShapeText(x.Shape)))
            _columnSums(sums.Size, x.View, sums.View, x.Shape[0], x.Shape[1]);
    }

    private protected override void SgdUpdateCore(DeviceTensor parameter, DeviceTensor gradient, float learningRate)
    {
        if (parameter.Size == 0) return;
        _sgd ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(OptimizerKernels.Sgd);
        using (TraceLaunch("Sgd", Tensor.ShapeText(parameter.Shape)))
            _sgd(parameter.Size, parameter.View, gradient.View, learningRate);
    }

    private protected override void AdamUpdateCore(DeviceTensor parameter, DeviceTensor gradient, DeviceTensor firstMoment, DeviceTensor secondMoment, AdamStep step)
    {
        if (parameter.Size == 0) return;
        _adam ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamStep>(OptimizerKernels.Adam);
        using (TraceLaunch("Adam", Tensor.ShapeText(parameter.Shape)))
            _adam(parameter.Size, parameter.View, gradient.View, firstMoment.View, secondMoment.View, step);
    }

    private protected override void Im2ColCore(DeviceTensor input, DeviceTensor columns, ConvGeometry geometry)
    {
        _im2col ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry>(Im2ColKernels.Im2Col);
        using (TraceLaunch("Im2Col", geometry.ToString()))
            _im2col(columns.Size, input.View, columns.View, geometry);
    }

    private protected override void Col2ImCore(DeviceTensor columns, DeviceTensor gradInput, ConvGeometry geometry)
    {
        _col2im ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry>(Im2ColKernels.Col2Im);
        using (TraceLaunch("Col2Im", geometry.ToString()))
            _col2im(gradInput.Size, columns.View, gradInput.View, geometry);
    }

    private protected override void RowsToNchwCore(DeviceTensor rows, DeviceTensor nchw, int features, int spatial)
    {
        if (nchw.Size == 0) return;
        _rowsToNchw ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(LayoutKernels.RowsToNchw);
        using (TraceLaunch("RowsToNchw", Tensor.ShapeText(nchw.Shape)))
            _rowsToNchw(nchw.Size, rows.View, nchw.View, features, spatial);
    }

    private protected override void NchwToRowsCore(DeviceTensor nchw, DeviceTensor rows, int features, int spatial)
    {
        if (rows.Size == 0) return;
        _nchwToRows ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(LayoutKernels.NchwToRows);
        using (TraceLaunch("NchwToRows", Tensor.ShapeText(nchw.Shape)))
            _nchwToRows(rows.Size, nchw.View, rows.View, features, spatial);
    }

    private protected override void DisposeCore()
    {
        _rowLosses?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>Groups of <paramref name="threads"/>² threads, each covering a <paramref name="block"/>² block of C: X over columns, Y over rows.</summary>
    private static KernelConfig Groups(GemmShape shape, int block, int threads) =>
        new(new Index2D((shape.N + block - 1) / block, (shape.M + block - 1) / block), new Index2D(threads, threads));

    /// <summary>
    /// With DLC_DEBUG=2 (trace), times one launch — waiting for the device before and after, so the figure is this
    /// kernel alone — and logs it when disposed; otherwise null (no cost).
    /// </summary>
    private LaunchTrace? TraceLaunch(string kernel, string detail)
    {
        if (EngineLog.Level < EngineLogLevel.Trace) return null;
        _accelerator.Synchronize();
        return new LaunchTrace(_accelerator, kernel, detail);
    }

    private sealed class LaunchTrace(Accelerator accelerator, string kernel, string detail) : IDisposable
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Dispose()
        {
            accelerator.Synchronize();
            double ms = System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
            EngineLog.Writer.WriteLine(string.Format(CultureInfo.InvariantCulture, "[gpu] {0} {1}: {2:F3} ms", kernel, detail, ms));
        }
    }
}
