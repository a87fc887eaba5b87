namespace DeepLearningCourse.Engine;

/// <summary>
/// a + b with broadcasting. Shapes: a and b broadcast to the output shape (see <see cref="Broadcasting"/>).
/// Backward: the gradient passes through unchanged to both inputs, summed over any broadcast axes.
/// </summary>
public sealed class AddNode : Node
{
    private int[] _aShape = [], _bShape = [];

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        _aShape = inputs[0].Shape;
        _bShape = inputs[1].Shape;
        return Broadcasting.Compute(BinaryOp.Add, inputs[0], inputs[1]);
    }

    public override Tensor?[] Backward(Tensor gradOutput) =>
        [Broadcasting.SumTo(gradOutput, _aShape), Broadcasting.SumTo(gradOutput, _bShape)];
}
