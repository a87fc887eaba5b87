using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Natural logarithm ln x element-wise; any shape. Backward: dL/dx = dL/dy / x.
/// ln 0 = −∞ and ln of a negative value is NaN (turn on <see cref="Diagnostics.CheckNumerics"/> to catch it).
/// </summary>
public sealed class LogNode : Node
{
    private Tensor? _x;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = TensorMemory.Zeroed(_x.Size);
        TensorPrimitives.Log(_x.Data, y);
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Divide(gradOutput.Data, x.Data, dx);
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
