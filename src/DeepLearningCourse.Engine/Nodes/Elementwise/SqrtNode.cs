using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>√x element-wise; any shape. Backward: dL/dx = dL/dy / (2√x) (reuses the saved output).</summary>
public sealed class SqrtNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Sqrt(x.Data, y);
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var dx = TensorMemory.Zeroed(y.Size);
        TensorPrimitives.Multiply(y.Data, 2f, dx);
        TensorPrimitives.Divide(gradOutput.Data, dx, dx);
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }
}
