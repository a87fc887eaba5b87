using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// tanh(x) element-wise; any shape; output in (−1, 1).
/// Backward: dL/dx = dL/dy · (1 − tanh²(x)) (reuses the saved output).
/// </summary>
public sealed class TanhNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Tanh(x.Data, y);
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var dx = TensorMemory.Zeroed(y.Size);
        TensorPrimitives.Multiply(y.Data, y.Data, dx);        // tanh²
        TensorPrimitives.Subtract(1f, dx, dx);                // 1 − tanh²
        TensorPrimitives.Multiply(dx, gradOutput.Data, dx);
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }
}
