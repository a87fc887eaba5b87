using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// σ(x) = 1 / (1 + e^(−x)) element-wise; any shape. Stable for large |x|: saturates to exactly 0 or 1, never NaN.
/// Backward: dL/dx = dL/dy · σ(x)(1 − σ(x)) (reuses the saved output).
/// </summary>
public sealed class SigmoidNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Sigmoid(x.Data, y);
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var dx = TensorMemory.Zeroed(y.Size);
        TensorPrimitives.Subtract(1f, y.Data, dx);            // 1 − σ
        TensorPrimitives.Multiply(dx, y.Data, dx);            // σ(1 − σ)
        TensorPrimitives.Multiply(dx, gradOutput.Data, dx);
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }
}
