namespace DeepLearningCourse.Engine;

/// <summary>
/// Max pooling: x [N, C, H, W] → y [N, C, Ho, Wo], each output the largest value in its kernel×kernel window
/// (windows start every <c>stride</c> pixels; stride defaults to the kernel size, so windows do not overlap).
/// <code>y[n, c, oy, ox] = max_{i, j &lt; kernel} x[n, c, oy·stride − padding + i, ox·stride − padding + j]</code>
/// With <c>padding</c> (at most half the kernel) the windows reach past the border and only the pixels inside the
/// image count, as if the border were −∞: kernel 3, stride 1, padding 1 keeps H×W (an Inception block's pool branch).
/// Backward routes each output gradient to the one input that was the maximum (the first in row-major window
/// order on ties); every other input gets zero. Overlapping windows add their contributions.
/// </summary>
public sealed class MaxPool2dNode(int kernel, int? stride = null, int padding = 0) : Node
{
    private int[]? _argMax;
    private int[] _inputShape = [];

    public int Kernel { get; } = kernel;

    public int Stride { get; } = stride ?? kernel;

    public int Padding { get; } = padding;

    public override string OpName => "MaxPool2d";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var g = PoolGeometry.Of(OpName, x, Kernel, Stride, Padding);
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
                    // The window clipped to the image: rows [top, bottom), columns [left, right).
                    int top = oy * Stride - Padding, left = ox * Stride - Padding;
                    int bottom = Math.Min(top + Kernel, g.Height), right = Math.Min(left + Kernel, g.Width);
                    (top, left) = (Math.Max(top, 0), Math.Max(left, 0));
                    int best = planeStart + top * g.Width + left;
                    for (int iy = top; iy < bottom; iy++)
                    {
                        int rowStart = planeStart + iy * g.Width;
                        for (int ix = left; ix < right; ix++)
                        {
                            // Strictly greater, so the first maximum wins a tie (a NaN also stays put).
                            if (xs[rowStart + ix] > xs[best]) best = rowStart + ix;
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
