using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// a − b with broadcasting. Shapes: a and b broadcast to the output shape (see <see cref="Broadcasting"/>).
/// Backward: dL/da = dL/dy and dL/db = −dL/dy, each summed over the axes it was broadcast along.
/// </summary>
public sealed class SubNode : Node
{
    private int[] _aShape = [], _bShape = [];

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        _aShape = inputs[0].Shape;
        _bShape = inputs[1].Shape;
        return Broadcasting.Compute(BinaryOp.Subtract, inputs[0], inputs[1]);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor db = Broadcasting.SumTo(gradOutput, _bShape);
        var negated = TensorMemory.Zeroed(db.Size);
        TensorPrimitives.Negate(db.Data, negated);
        return [Broadcasting.SumTo(gradOutput, _aShape), new Tensor(negated, _bShape)];
    }
}
