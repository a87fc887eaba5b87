using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>eˣ element-wise; any shape. Backward: dL/dx = dL/dy · eˣ (reuses the saved output).</summary>
public sealed class ExpNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Zeroed(x.Size);
        VectorMath.Exp(x.Data, y);
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var dx = TensorMemory.Zeroed(y.Size);
        TensorPrimitives.Multiply(gradOutput.Data, y.Data, dx);
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }
}
