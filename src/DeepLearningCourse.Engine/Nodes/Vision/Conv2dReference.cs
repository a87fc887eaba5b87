namespace DeepLearningCourse.Engine;

/// <summary>
/// The readable 2-D convolution (cross-correlation, as in PyTorch): plain loops, no tricks. <see cref="Conv2dNode"/>
/// computes the same numbers faster (im2col + matrix multiply) and is tested equal to this.
/// <code>
/// y[n, o, oy, ox] = b[o] + Σ_c Σ_i Σ_j  w[o, c, i, j] · x[n, c, oy·s − p + i, ox·s − p + j]
/// </code>
/// x [N, C, H, W], w [outC, C, kh, kw], b [outC] → y [N, outC, Ho, Wo]; positions outside the input read zero.
/// </summary>
public static class Conv2dReference
{
    /// <summary>The forward formula above; <paramref name="bias"/> may be null.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        var g = Conv2dGeometry.Of("Conv2dReference", x, weight, bias, stride, padding);
        int ho = g.OutHeight, wo = g.OutWidth;
        var y = new float[g.Batch * g.OutChannels * ho * wo];
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
        {
            float sum = bias is null ? 0f : bias.Data[o];
            for (int c = 0; c < g.InChannels; c++)
            for (int i = 0; i < g.KernelHeight; i++)
            for (int j = 0; j < g.KernelWidth; j++)
            {
                int iy = oy * stride - padding + i, ix = ox * stride - padding + j;
                if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                sum += weight.Data[WeightIndex(g, o, c, i, j)] * x.Data[InputIndex(g, n, c, iy, ix)];
            }
            y[((n * g.OutChannels + o) * ho + oy) * wo + ox] = sum;
        }
        return new Tensor(y, g.OutputShape);
    }

    /// <summary>
    /// Gradients of the forward formula, by the chain rule on each term w·x of each output:
    /// dx[n, c, iy, ix] += w[o, c, i, j] · dy[n, o, oy, ox], dw[o, c, i, j] += x[n, c, iy, ix] · dy[n, o, oy, ox],
    /// db[o] = Σ_{n, oy, ox} dy[n, o, oy, ox].
    /// </summary>
    public static (Tensor GradInput, Tensor GradWeight, Tensor GradBias) Backward(Tensor x, Tensor weight, Tensor gradOutput,
        int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var g = Conv2dGeometry.Of("Conv2dReference", x, weight, null, stride, padding);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(g.OutputShape))
            throw new ShapeException($"Conv2dReference: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the output is {Tensor.ShapeText(g.OutputShape)}.");
        int ho = g.OutHeight, wo = g.OutWidth;
        var dx = new float[x.Size];
        var dw = new float[weight.Size];
        var db = new float[g.OutChannels];
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
        {
            float dy = gradOutput.Data[((n * g.OutChannels + o) * ho + oy) * wo + ox];
            db[o] += dy;
            for (int c = 0; c < g.InChannels; c++)
            for (int i = 0; i < g.KernelHeight; i++)
            for (int j = 0; j < g.KernelWidth; j++)
            {
                int iy = oy * stride - padding + i, ix = ox * stride - padding + j;
                if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                int xi = InputIndex(g, n, c, iy, ix), wi = WeightIndex(g, o, c, i, j);
                dx[xi] += weight.Data[wi] * dy;
                dw[wi] += x.Data[xi] * dy;
            }
        }
        return (new Tensor(dx, x.Shape), new Tensor(dw, weight.Shape), new Tensor(db, g.OutChannels));
    }

    private static int InputIndex(Conv2dGeometry g, int n, int c, int y, int x) => ((n * g.InChannels + c) * g.Height + y) * g.Width + x;

    private static int WeightIndex(Conv2dGeometry g, int o, int c, int i, int j) => ((o * g.InChannels + c) * g.KernelHeight + i) * g.KernelWidth + j;
}
