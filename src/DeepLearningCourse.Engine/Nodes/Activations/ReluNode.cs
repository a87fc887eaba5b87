using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// ReLU(x) = max(0, x), element-wise; any shape.
/// Backward gates the gradient: it passes where x &gt; 0 and is zero where x ≤ 0.
/// </summary>
public sealed class ReluNode : Node
{
    private Tensor? _x;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = new float[_x.Size];
        TensorPrimitives.Max(_x.Data, 0f, y);
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = new float[x.Size];
        float[] g = gradOutput.Data, xs = x.Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = xs[i] > 0 ? g[i] : 0f;
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
