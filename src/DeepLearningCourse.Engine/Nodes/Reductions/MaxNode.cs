namespace DeepLearningCourse.Engine;

/// <summary>
/// Maximum along one axis: x [..., n, ...] → y [..., ...] (the axis removed, or kept as size 1 with
/// <c>keepDims</c>). Backward sends each output gradient to the one input that was selected (the first maximum
/// when several are equal, as ArgMax reports it); every other input gets 0. NaN counts as the maximum, so it
/// propagates as in PyTorch.
/// </summary>
public sealed class MaxNode(int axis, bool keepDims = false) : Node
{
    private int[] _inputShape = [];
    private int[]? _selected;

    /// <summary>The reduced axis.</summary>
    public int Axis { get; } = axis;

    public override string OpName => $"Max(axis={Axis})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        NodeArgs.NotEmpty(this, x, "input");
        _inputShape = x.Shape;
        var (values, selected) = Select(x, Axis, OpName);
        _selected = selected;
        return new Tensor(values, AxisSplit.ReducedShape(x.Shape, Axis, keepDims));
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int[] selected = NodeArgs.Saved(this, _selected);
        var (_, n, inner) = AxisSplit.Of(_inputShape, Axis, OpName);
        var dx = TensorMemory.Zeroed(Tensor.ShapeSize(_inputShape));
        for (int k = 0; k < selected.Length; k++)
        {
            int o = k / inner, i = k % inner;
            dx[(o * n + selected[k]) * inner + i] = gradOutput.Data[k];
        }
        return [new Tensor(dx, _inputShape)];
    }

    public override void ReleaseSavedState()
    {
        _selected = null;
        base.ReleaseSavedState();
    }

    /// <summary>
    /// For each position of the reduced shape (flattened [outer, inner]), the largest value along
    /// <paramref name="axis"/> and its index (the first on ties). Shared with <see cref="Tensor.ArgMax"/>.
    /// </summary>
    internal static (float[] Values, int[] Indices) Select(Tensor x, int axis, string op)
    {
        var (outer, n, inner) = AxisSplit.Of(x.Shape, axis, op);
        if (n == 0)
            throw new ShapeException($"{op}: input has shape {Tensor.ShapeText(x.Shape)} with size 0 along axis {axis}; there is no maximum of nothing.");
        var values = TensorMemory.Zeroed(outer * inner);
        var indices = new int[outer * inner];
        float[] data = x.Data;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * n * inner + i;
                float best = data[baseIndex];
                int bestJ = 0;
                for (int j = 1; j < n && !float.IsNaN(best); j++)
                {
                    float v = data[baseIndex + j * inner];
                    if (v > best || float.IsNaN(v)) { best = v; bestJ = j; }
                }
                values[o * inner + i] = best;
                indices[o * inner + i] = bestJ;
            }
        }
        return (values, indices);
    }
}
