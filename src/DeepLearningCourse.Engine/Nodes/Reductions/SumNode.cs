using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Sum of all values (axis null → a scalar of shape []) or along one axis (that axis removed, or kept as size 1
/// with <c>keepDims</c>). Backward copies the output gradient to every input position that was summed.
/// </summary>
public sealed class SumNode(int? axis = null, bool keepDims = false) : Node
{
    private int[] _inputShape = [];

    /// <summary>The reduced axis, or null for all axes.</summary>
    public int? Axis { get; } = axis;

    public override string OpName => Axis is null ? "Sum" : $"Sum(axis={Axis})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        _inputShape = x.Shape;
        if (Axis is null) return new Tensor([TensorPrimitives.Sum(x.Data)], keepDims ? Enumerable.Repeat(1, x.Rank).ToArray() : []);
        var (outer, n, inner) = AxisSplit.Of(x.Shape, Axis.Value, "Sum");
        var y = TensorMemory.Zeroed(outer * inner);
        for (int o = 0; o < outer; o++)
        {
            Span<float> dest = y.AsSpan(o * inner, inner);
            for (int j = 0; j < n; j++) TensorPrimitives.Add(dest, x.Data.AsSpan((o * n + j) * inner, inner), dest);
        }
        return new Tensor(y, AxisSplit.ReducedShape(x.Shape, Axis.Value, keepDims));
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        if (Axis is null) return [Tensor.Full(gradOutput.Data[0], _inputShape)];
        var (outer, n, inner) = AxisSplit.Of(_inputShape, Axis.Value, "Sum");
        var dx = TensorMemory.Zeroed(outer * n * inner);
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<float> g = gradOutput.Data.AsSpan(o * inner, inner);
            for (int j = 0; j < n; j++) g.CopyTo(dx.AsSpan((o * n + j) * inner, inner));
        }
        return [new Tensor(dx, _inputShape)];
    }
}
