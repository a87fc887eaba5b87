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
    private float[]? _argMaxBits; // the flat input index of each output's maximum, as int bits in a pooled array
    private PoolGeometry _geometry;

    public int Kernel { get; } = kernel;

    public int Stride { get; } = stride ?? kernel;

    public int Padding { get; } = padding;

    public override string OpName => "MaxPool2d";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var g = PoolGeometry.Of(OpName, x, Kernel, Stride, Padding);
        var y = TensorMemory.Uninitialized(g.Planes * g.OutHeight * g.OutWidth);
        var argMaxBits = TensorMemory.Uninitialized(y.Length);
        MaxPoolKernels.Forward(x.Data, g, y, argMaxBits);
        TensorMemory.GiveBack(_argMaxBits); // a node used by hand may run Forward again
        (_argMaxBits, _geometry) = (argMaxBits, g);
        return new Tensor(y, g.OutputShape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        float[] argMaxBits = NodeArgs.Saved(this, _argMaxBits);
        var g = _geometry;
        int outputs = g.Planes * g.OutHeight * g.OutWidth;
        if (gradOutput.Size != outputs)
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the output had {outputs} values.");
        var dx = TensorMemory.Zeroed(Tensor.ShapeSize(g.InputShape));
        MaxPoolKernels.Backward(gradOutput.Data, argMaxBits, g, dx);
        return [new Tensor(dx, g.InputShape)];
    }

    public override void ReleaseSavedState()
    {
        TensorMemory.GiveBack(_argMaxBits);
        _argMaxBits = null;
        base.ReleaseSavedState();
    }
}
