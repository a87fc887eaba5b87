using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// |x| element-wise; any shape. Backward: dL/dx = dL/dy · sign(x), with sign(0) = 0 (the subgradient PyTorch uses).
/// </summary>
public sealed class AbsNode : Node
{
    private Tensor? _x;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = TensorMemory.Zeroed(_x.Size);
        TensorPrimitives.Abs(_x.Data, y);
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Zeroed(x.Size);
        float[] g = gradOutput.Data, xs = x.Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = xs[i] > 0 ? g[i] : xs[i] < 0 ? -g[i] : 0f;
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
