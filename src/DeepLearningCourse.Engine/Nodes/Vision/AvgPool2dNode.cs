namespace DeepLearningCourse.Engine;

/// <summary>
/// Average pooling: x [N, C, H, W] → y [N, C, Ho, Wo], each output the mean of its kernel×kernel window
/// (stride defaults to the kernel size).
/// <code>y[n, c, oy, ox] = (1 / kernel²) · Σ_{i, j &lt; kernel} x[n, c, oy·stride + i, ox·stride + j]</code>
/// Backward spreads each output gradient evenly: every input in the window gets gradOutput / kernel²
/// (summed where windows overlap).
/// </summary>
public sealed class AvgPool2dNode(int kernel, int? stride = null) : Node
{
    private PoolGeometry? _geometry;

    public int Kernel { get; } = kernel;

    public int Stride { get; } = stride ?? kernel;

    public override string OpName => "AvgPool2d";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var g = PoolGeometry.Of(OpName, x, Kernel, Stride);
        int ho = g.OutHeight, wo = g.OutWidth, planeIn = g.Height * g.Width;
        float scale = 1f / (Kernel * Kernel);
        var y = TensorMemory.Zeroed(g.Planes * ho * wo);
        float[] xs = x.Data;
        int outIndex = 0;
        for (int plane = 0; plane < g.Planes; plane++)
        {
            for (int oy = 0; oy < ho; oy++)
            {
                for (int ox = 0; ox < wo; ox++, outIndex++)
                {
                    float sum = 0;
                    for (int i = 0; i < Kernel; i++)
                    {
                        int rowStart = plane * planeIn + (oy * Stride + i) * g.Width + ox * Stride;
                        for (int j = 0; j < Kernel; j++) sum += xs[rowStart + j];
                    }
                    y[outIndex] = sum * scale;
                }
            }
        }
        _geometry = g;
        return new Tensor(y, g.OutputShape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        PoolGeometry g = _geometry ?? throw new InvalidOperationException($"{OpName}: Backward needs what Forward saves; call Forward first.");
        int planes = g.Planes, ho = g.OutHeight, wo = g.OutWidth, planeIn = g.Height * g.Width;
        if (gradOutput.Size != planes * ho * wo)
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the output was {Tensor.ShapeText(g.OutputShape)}.");
        float scale = 1f / (Kernel * Kernel);
        var dx = TensorMemory.Zeroed(planes * planeIn);
        float[] gs = gradOutput.Data;
        int outIndex = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int oy = 0; oy < ho; oy++)
            {
                for (int ox = 0; ox < wo; ox++, outIndex++)
                {
                    float share = gs[outIndex] * scale;
                    for (int i = 0; i < Kernel; i++)
                    {
                        int rowStart = plane * planeIn + (oy * Stride + i) * g.Width + ox * Stride;
                        for (int j = 0; j < Kernel; j++) dx[rowStart + j] += share;
                    }
                }
            }
        }
        return [new Tensor(dx, g.InputShape)];
    }
}
