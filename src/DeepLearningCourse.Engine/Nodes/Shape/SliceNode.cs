namespace DeepLearningCourse.Engine;

/// <summary>
/// Takes <c>length</c> consecutive entries along one axis starting at <c>start</c>: x [..., n, ...] →
/// y [..., length, ...] (like PyTorch's <c>x.narrow(axis, start, length)</c> or <c>x[:, start:start+length]</c>).
/// Backward puts the gradient back in the sliced positions and zeros elsewhere.
/// </summary>
public sealed class SliceNode(int axis, int start, int length) : Node
{
    private int[] _inputShape = [];

    public int Axis { get; } = axis;

    public int Start { get; } = start;

    public int Length { get; } = length;

    public override string OpName => $"Slice(axis={Axis}, {Start}..{Start + Length})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var (outer, n, inner) = AxisSplit.Of(x.Shape, Axis, "Slice");
        if (Start < 0 || Length < 0 || Start + Length > n)
            throw new ShapeException($"Slice: axis {Axis} of {Tensor.ShapeText(x.Shape)} has size {n} but start {Start} with length {Length} does not fit; use 0 ≤ start and start + length ≤ {n}.");
        _inputShape = x.Shape;
        var y = TensorMemory.Zeroed(outer * Length * inner);
        for (int o = 0; o < outer; o++)
            Array.Copy(x.Data, (o * n + Start) * inner, y, o * Length * inner, Length * inner);
        var shape = (int[])x.Shape.Clone();
        shape[Tensor.NormalizeAxis(Axis, x.Rank, "Slice")] = Length;
        return new Tensor(y, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        var (outer, n, inner) = AxisSplit.Of(_inputShape, Axis, "Slice");
        var dx = TensorMemory.Zeroed(Tensor.ShapeSize(_inputShape));
        for (int o = 0; o < outer; o++)
            Array.Copy(gradOutput.Data, o * Length * inner, dx, (o * n + Start) * inner, Length * inner);
        return [new Tensor(dx, _inputShape)];
    }
}
