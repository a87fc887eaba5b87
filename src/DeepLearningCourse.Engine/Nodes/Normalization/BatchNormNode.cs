namespace DeepLearningCourse.Engine;

/// <summary>
/// Batch normalization, per channel (axis 1): x [N, C] (BatchNorm1d) or [N, C, H, W] (BatchNorm2d; any rank ≥ 2),
/// gamma [C], beta [C] → y with the shape of x. For channel c, the statistics run over the m = N·H·W values of that
/// channel (all axes except 1).
/// <para>Training (no running statistics given): with the batch mean μ_c and biased variance σ²_c = (1/m)·Σ (x − μ_c)²,
/// <code>x̂ = (x − μ_c) / √(σ²_c + ε)      y = γ_c · x̂ + β_c</code>
/// Backward (every x̂ depends on every x of its channel through μ and σ):
/// <code>dβ_c = Σ dy     dγ_c = Σ dy · x̂     dx = γ_c / (m · √(σ²_c + ε)) · (m · dy − Σ dy − x̂ · Σ dy · x̂)</code>
/// The batch statistics are exposed in <see cref="BatchMean"/> and <see cref="BatchVariance"/> so the layer can
/// update its running averages.</para>
/// <para>Evaluation (running mean and variance given): the same formula with those fixed statistics, so
/// dx = γ_c · dy / √(var_c + ε) — a per-channel affine map.</para>
/// </summary>
public sealed class BatchNormNode : Node
{
    private readonly float[]? _runningMean, _runningVariance;
    private float[]? _xHat, _inverseStd, _gamma;
    private int[] _shape = [];

    /// <summary>Training mode: normalizes with the batch's own statistics.</summary>
    public BatchNormNode(float epsilon = 1e-5f)
    {
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm: epsilon must be positive.");
        Epsilon = epsilon;
    }

    /// <summary>Evaluation mode: normalizes with the given running statistics (each [C]; copied).</summary>
    public BatchNormNode(Tensor runningMean, Tensor runningVariance, float epsilon = 1e-5f) : this(epsilon)
    {
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVariance);
        if (!runningMean.SameShape(runningVariance) || runningMean.Rank != 1)
            throw new ShapeException($"BatchNorm: running mean {Tensor.ShapeText(runningMean.Shape)} and variance {Tensor.ShapeText(runningVariance.Shape)} must both be [C].");
        _runningMean = runningMean.ToArray();
        _runningVariance = runningVariance.ToArray();
    }

    public float Epsilon { get; }

    /// <summary>True when this node uses batch statistics (training); false when it uses running statistics.</summary>
    public bool UsesBatchStatistics => _runningMean is null;

    /// <summary>Per-channel mean of the batch [C] (training mode, after Forward).</summary>
    public Tensor? BatchMean { get; private set; }

    /// <summary>Per-channel biased variance (1/m)·Σ(x − μ)² of the batch [C] (training mode, after Forward).</summary>
    public Tensor? BatchVariance { get; private set; }

    /// <summary>Values per channel in the batch (m = N·H·W).</summary>
    public int CountPerChannel { get; private set; }

    public override string OpName => "BatchNorm";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 3);
        Tensor x = inputs[0], gamma = inputs[1], beta = inputs[2];
        var (batch, channels, inner) = CheckShapes(x, gamma, beta);
        int m = batch * inner;
        bool features = inner == 1 && BatchNormFeatureKernels.IsAccelerated;   // x [N, C]: eight channels at a time
        var mean = TensorMemory.Zeroed(channels);
        var variance = TensorMemory.Zeroed(channels);
        if (_runningMean is not null)
        {
            _runningMean.CopyTo(mean, 0);
            _runningVariance!.CopyTo(variance, 0);
        }
        else
        {
            if (m < 2)
                throw new ShapeException($"{OpName}: input is {Tensor.ShapeText(x.Shape)}, only {m} value per channel; batch statistics need at least 2 (use a larger batch, or Eval mode).");
            // Row-major passes (contiguous reads); each channel still sums its values in the order n, then i.
            var sums = new double[channels];
            var squares = new double[channels];
            float[] xs = x.Data;
            if (features) BatchNormFeatureKernels.AddColumnSums(xs, sums);
            else for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int start = (n * channels + c) * inner;
                    double sum = sums[c];
                    for (int i = start; i < start + inner; i++) sum += xs[i];
                    sums[c] = sum;
                }
            }
            var mu = new double[channels];
            for (int c = 0; c < channels; c++) mu[c] = sums[c] / m;
            if (features) BatchNormFeatureKernels.AddColumnSquares(xs, mu, squares);
            else for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int start = (n * channels + c) * inner;
                    double square = squares[c], centre = mu[c];
                    for (int i = start; i < start + inner; i++)
                    {
                        double d = xs[i] - centre;
                        square += d * d;
                    }
                    squares[c] = square;
                }
            }
            for (int c = 0; c < channels; c++)
            {
                mean[c] = (float)mu[c];
                variance[c] = (float)(squares[c] / m);
            }
            BatchMean = new Tensor(mean, channels);
            BatchVariance = new Tensor(variance, channels);
        }

        var inverseStd = TensorMemory.Zeroed(channels);
        for (int c = 0; c < channels; c++) inverseStd[c] = 1f / MathF.Sqrt(variance[c] + Epsilon);
        var xHat = TensorMemory.Uninitialized(x.Size);
        var y = TensorMemory.Uninitialized(x.Size);
        float[] input = x.Data, g = gamma.Data, b = beta.Data;
        if (features) BatchNormFeatureKernels.Normalize(input, mean, inverseStd, g, b, xHat, y);
        else for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = (n * channels + c) * inner;
                float centre = mean[c], scale = inverseStd[c], gc = g[c], bc = b[c];
                for (int i = start; i < start + inner; i++)
                {
                    float normalized = (input[i] - centre) * scale;
                    xHat[i] = normalized;
                    y[i] = gc * normalized + bc;
                }
            }
        }
        (_xHat, _inverseStd, _gamma, _shape, CountPerChannel) = (xHat, inverseStd, gamma.Data, x.Shape, m);
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        float[] xHat = NodeArgs.Saved(this, _xHat), inverseStd = NodeArgs.Saved(this, _inverseStd), gamma = NodeArgs.Saved(this, _gamma);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(_shape))
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the input was {Tensor.ShapeText(_shape)}.");
        int batch = _shape[0], channels = _shape[1], inner = xHat.Length / Math.Max(1, batch * channels);
        float[] dy = gradOutput.Data;
        var dGamma = TensorMemory.Zeroed(channels);
        var dBeta = TensorMemory.Zeroed(channels);
        var dx = TensorMemory.Uninitialized(xHat.Length);
        var sumDy = new double[channels];
        var sumDyXHat = new double[channels];
        bool features = inner == 1 && BatchNormFeatureKernels.IsAccelerated;
        if (features) BatchNormFeatureKernels.AddGradientSums(dy, xHat, sumDy, sumDyXHat);
        else for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = (n * channels + c) * inner;
                double a = sumDy[c], b = sumDyXHat[c];
                for (int i = start; i < start + inner; i++)
                {
                    a += dy[i];
                    b += (double)dy[i] * xHat[i];
                }
                (sumDy[c], sumDyXHat[c]) = (a, b);
            }
        }
        var scale = new float[channels];
        var meanDy = new float[channels];
        var meanDyXHat = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            dBeta[c] = (float)sumDy[c];
            dGamma[c] = (float)sumDyXHat[c];
            scale[c] = gamma[c] * inverseStd[c];
            meanDy[c] = UsesBatchStatistics ? (float)(sumDy[c] / CountPerChannel) : 0f;
            meanDyXHat[c] = UsesBatchStatistics ? (float)(sumDyXHat[c] / CountPerChannel) : 0f;
        }
        if (features) BatchNormFeatureKernels.InputGradient(dy, xHat, scale, meanDy, meanDyXHat, dx);
        else for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = (n * channels + c) * inner;
                float sc = scale[c], md = meanDy[c], mx = meanDyXHat[c];
                for (int i = start; i < start + inner; i++) dx[i] = sc * (dy[i] - md - xHat[i] * mx);
            }
        }
        return [new Tensor(dx, _shape), new Tensor(dGamma, channels), new Tensor(dBeta, channels)];
    }

    public override void ReleaseSavedState()
    {
        (_xHat, _inverseStd, _gamma) = (null, null, null);
        base.ReleaseSavedState();
    }

    private (int Batch, int Channels, int Inner) CheckShapes(Tensor x, Tensor gamma, Tensor beta)
    {
        if (x.Rank < 2)
            throw new ShapeException($"{OpName}: input is {Tensor.ShapeText(x.Shape)} but must be [N, C] or [N, C, H, W] (channels on axis 1).");
        int channels = x.Shape[1];
        if (gamma.Rank != 1 || gamma.Shape[0] != channels || !beta.SameShape(gamma))
            throw new ShapeException($"{OpName}: input is {Tensor.ShapeText(x.Shape)} with {channels} channels but gamma is {Tensor.ShapeText(gamma.Shape)} and beta {Tensor.ShapeText(beta.Shape)}; both must be [{channels}].");
        if (_runningMean is not null && _runningMean.Length != channels)
            throw new ShapeException($"{OpName}: input is {Tensor.ShapeText(x.Shape)} with {channels} channels but the running statistics have {_runningMean.Length}.");
        int batch = x.Shape[0];
        int inner = batch * channels == 0 ? 0 : x.Size / (batch * channels);
        return (batch, channels, inner);
    }
}
