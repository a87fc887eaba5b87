namespace DeepLearningCourse.Engine;

/// <summary>
/// The reference backend: tensors are host arrays, SGEMM is the engine's <see cref="Gemm.Multiply"/>, everything
/// else is a plain loop that mirrors the matching ILGPU kernel line by line. Every ILGPU kernel is tested equal to it.
/// </summary>
public sealed class CpuBackend : ComputeBackend
{
    private readonly string _skipped;

    /// <summary>A CPU backend; <paramref name="skippedDevices"/> (from device selection) explains why no GPU was used.</summary>
    public CpuBackend(string skippedDevices = "")
    {
        _skipped = skippedDevices;
    }

    public override string Name => "CPU (engine reference)";

    public override DeviceKind Kind => DeviceKind.Cpu;

    public override string Describe()
    {
        string text = $"{Name}: {Environment.ProcessorCount} logical cores, host memory, SGEMM by the engine's Gemm.Multiply.";
        return string.IsNullOrEmpty(_skipped) ? text : text + Environment.NewLine + _skipped;
    }

    public override void Synchronize()
    {
    }

    internal override void Download(DeviceTensor source, float[] destination) => Array.Copy(Data(source), destination, source.Size);

    internal override void Upload(float[] source, DeviceTensor destination) => Array.Copy(source, Data(destination), destination.Size);

    private protected override DeviceTensor AllocateCore(int[] shape, long size) =>
        new(this, shape, new float[checked((int)size)], buffer: null, ownsStorage: true);

    private protected override void MatMulCore(DeviceTensor a, DeviceTensor b, DeviceTensor c, GemmShape shape) =>
        Gemm.Multiply(Data(a), Data(b), Data(c), shape.M, shape.N, shape.K,
            transposeA: shape.TransposeA != 0, transposeB: shape.TransposeB != 0,
            accumulate: shape.Accumulate != 0);

    private protected override void AddBiasCore(DeviceTensor x, DeviceTensor bias)
    {
        float[] xs = Data(x), bs = Data(bias);
        int columns = bias.Size;
        for (int i = 0; i < x.Size; i++) xs[i] += bs[i % columns];
    }

    private protected override void ReluCore(DeviceTensor x, DeviceTensor y)
    {
        float[] xs = Data(x), ys = Data(y);
        for (int i = 0; i < x.Size; i++) ys[i] = xs[i] > 0 ? xs[i] : 0f;
    }

    private protected override void ReluBackwardCore(DeviceTensor x, DeviceTensor gradOutput, DeviceTensor gradInput)
    {
        float[] xs = Data(x), dy = Data(gradOutput), dx = Data(gradInput);
        for (int i = 0; i < x.Size; i++) dx[i] = xs[i] > 0 ? dy[i] : 0f;
    }

    private protected override void SoftmaxCrossEntropyCore(DeviceTensor logits, DeviceTensor labels, DeviceTensor probabilities, DeviceTensor loss)
    {
        float[] z = Data(logits), y = Data(labels), p = Data(probabilities);
        int rows = logits.Shape[0], classes = logits.Shape[1];
        float total = 0;
        for (int row = 0; row < rows; row++)
        {
            int start = row * classes;
            float max = z[start];
            for (int j = 1; j < classes; j++) max = MathF.Max(max, z[start + j]);
            float sum = 0;
            for (int j = 0; j < classes; j++)
            {
                float e = MathF.Exp(z[start + j] - max);
                p[start + j] = e;
                sum += e;
            }
            for (int j = 0; j < classes; j++) p[start + j] /= sum;
            total += MathF.Log(sum) - (z[start + Label(y[row], classes)] - max);
        }
        Data(loss)[0] = total / rows;
    }

    private protected override void SoftmaxCrossEntropyBackwardCore(DeviceTensor probabilities, DeviceTensor labels, DeviceTensor gradLogits)
    {
        float[] p = Data(probabilities), y = Data(labels), dz = Data(gradLogits);
        int rows = probabilities.Shape[0], classes = probabilities.Shape[1];
        float scale = 1f / rows;
        for (int row = 0; row < rows; row++)
        {
            int label = Label(y[row], classes);
            for (int j = 0; j < classes; j++)
                dz[row * classes + j] = (p[row * classes + j] - (j == label ? 1f : 0f)) * scale;
        }
    }

    private protected override void ColumnSumsCore(DeviceTensor x, DeviceTensor sums)
    {
        float[] xs = Data(x), s = Data(sums);
        int rows = x.Shape[0], columns = x.Shape[1];
        for (int column = 0; column < columns; column++)
        {
            float sum = 0;
            for (int row = 0; row < rows; row++) sum += xs[row * columns + column];
            s[column] = sum;
        }
    }

    private protected override void SgdUpdateCore(DeviceTensor parameter, DeviceTensor gradient, float learningRate)
    {
        float[] w = Data(parameter), g = Data(gradient);
        for (int i = 0; i < w.Length; i++) w[i] -= learningRate * g[i];
    }

    private protected override void AdamUpdateCore(DeviceTensor parameter, DeviceTensor gradient, DeviceTensor firstMoment, DeviceTensor secondMoment, AdamStep step)
    {
        float[] w = Data(parameter), g = Data(gradient), ms = Data(firstMoment), vs = Data(secondMoment);
        for (int i = 0; i < w.Length; i++)
        {
            float m = step.Beta1 * ms[i] + (1 - step.Beta1) * g[i];
            float v = step.Beta2 * vs[i] + (1 - step.Beta2) * g[i] * g[i];
            ms[i] = m;
            vs[i] = v;
            w[i] -= step.LearningRate * (m / step.BiasCorrection1) / (MathF.Sqrt(v / step.BiasCorrection2) + step.Epsilon);
        }
    }

    private protected override void Im2ColCore(DeviceTensor input, DeviceTensor columns, ConvGeometry g)
    {
        float[] x = Data(input), cols = Data(columns);
        int index = 0;
        for (int n = 0; n < g.Batch; n++)
        for (int oh = 0; oh < g.OutHeight; oh++)
        for (int ow = 0; ow < g.OutWidth; ow++)
        for (int c = 0; c < g.Channels; c++)
        for (int kh = 0; kh < g.KernelHeight; kh++)
        for (int kw = 0; kw < g.KernelWidth; kw++)
        {
            int ih = oh * g.Stride - g.Padding + kh, iw = ow * g.Stride - g.Padding + kw;
            bool inside = ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width;
            cols[index++] = inside ? x[((n * g.Channels + c) * g.Height + ih) * g.Width + iw] : 0f;
        }
    }

    /// <summary>Scatter form (each column entry adds into the pixel it came from) — a different route than the
    /// kernel's gather, so the conformance test compares two independent derivations.</summary>
    private protected override void Col2ImCore(DeviceTensor columns, DeviceTensor gradInput, ConvGeometry g)
    {
        float[] cols = Data(columns), dx = Data(gradInput);
        Array.Clear(dx, 0, gradInput.Size);
        int index = 0;
        for (int n = 0; n < g.Batch; n++)
        for (int oh = 0; oh < g.OutHeight; oh++)
        for (int ow = 0; ow < g.OutWidth; ow++)
        for (int c = 0; c < g.Channels; c++)
        for (int kh = 0; kh < g.KernelHeight; kh++)
        for (int kw = 0; kw < g.KernelWidth; kw++)
        {
            int ih = oh * g.Stride - g.Padding + kh, iw = ow * g.Stride - g.Padding + kw;
            float value = cols[index++];
            if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width)
                dx[((n * g.Channels + c) * g.Height + ih) * g.Width + iw] += value;
        }
    }

    private protected override void RowsToNchwCore(DeviceTensor rows, DeviceTensor nchw, int features, int spatial)
    {
        float[] r = Data(rows), t = Data(nchw);
        int batch = nchw.Shape[0];
        for (int n = 0; n < batch; n++)
        for (int f = 0; f < features; f++)
        for (int s = 0; s < spatial; s++)
            t[(n * features + f) * spatial + s] = r[(n * spatial + s) * features + f];
    }

    private protected override void NchwToRowsCore(DeviceTensor nchw, DeviceTensor rows, int features, int spatial)
    {
        float[] r = Data(rows), t = Data(nchw);
        int batch = nchw.Shape[0];
        for (int n = 0; n < batch; n++)
        for (int f = 0; f < features; f++)
        for (int s = 0; s < spatial; s++)
            r[(n * spatial + s) * features + f] = t[(n * features + f) * spatial + s];
    }

    private protected override void DisposeCore()
    {
    }

    private static float[] Data(DeviceTensor t) => t.Host ?? throw new InvalidOperationException($"{t} has no host storage.");

    private static int Label(float value, int classes)
    {
        int label = (int)value;
        if (label < 0 || label >= classes || label != value)
            throw new ArgumentException($"SoftmaxCrossEntropy: label {value} is not a class index in 0..{classes - 1}; labels hold class indices as floats.");
        return label;
    }
}
