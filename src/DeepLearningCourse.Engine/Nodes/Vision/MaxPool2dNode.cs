namespace DeepLearningCourse.Engine;

/// <summary>
/// Max pooling: x [N, C, H, W] → y [N, C, Ho, Wo], each output the largest value in its kernel×kernel window
/// (windows start every <c>stride</c> pixels; stride defaults to the kernel size, so windows do not overlap).
/// <code>y[n, c, oy, ox] = max_{i, j &lt; kernel} x[n, c, oy·stride + i, ox·stride + j]</code>
/// Backward routes each output gradient to the one input that was the maximum (the first in row-major window
/// order on ties); every other input gets zero. Overlapping windows add their contributions.
/// </summary>
public sealed class MaxPool2dNode(int kernel, int? stride = null) : Node
{
    private int[]? _argMax;
    private int[] _inputShape = [];

    public int Kernel { get; } = kernel;

    public int Stride { get; } = stride ?? kernel;

    public override string OpName => "MaxPool2d";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var g = PoolGeometry.Of(OpName, x, Kernel, Stride);
        int ho = g.OutHeight, wo = g.OutWidth, planeIn = g.Height * g.Width;
        var y = TensorMemory.Zeroed(g.Planes * ho * wo);
        var argMax = new int[y.Length];
        float[] xs = x.Data;
        int outIndex = 0;
        for (int plane = 0; plane < g.Planes; plane++)
        {
            int planeStart = plane * planeIn;
            for (int oy = 0; oy < ho; oy++)
            {
                for (int ox = 0; ox < wo; ox++, outIndex++)
                {
                    int best = planeStart + oy * Stride * g.Width + ox * Stride;
                    for (int i = 0; i < Kernel; i++)
                    {
                        int rowStart = planeStart + (oy * Stride + i) * g.Width + ox * Stride;
                        for (int j = 0; j < Kernel; j++)
                        {
                            // Strictly greater, so the first maximum wins a tie (a NaN also stays put).
                            if (xs[rowStart + j] > xs[best]) best = rowStart + j;
                        }
                    }
                    argMax[outIndex] = best;
                    y[outIndex] = xs[best];
                }
            }
        }
        (_argMax, _inputShape) = (argMax, x.Shape);
        return new Tensor(y, g.OutputShape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        int[] argMax = NodeArgs.Saved(this, _argMax);
        if (gradOutput.Size != argMax.Length)
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the output had {argMax.Length} values.");
        var dx = TensorMemory.Zeroed(Tensor.ShapeSize(_inputShape));
        float[] g = gradOutput.Data;
        for (int i = 0; i < argMax.Length; i++) dx[argMax[i]] += g[i];
        return [new Tensor(dx, _inputShape)];
    }

    public override void ReleaseSavedState()
    {
        _argMax = null;
        base.ReleaseSavedState();
    }
}
