namespace DeepLearningCourse.Engine;

/// <summary>
/// LeakyReLU(x) = x for x &gt; 0, slope · x otherwise, element-wise; any shape (PyTorch's default slope is 0.01).
/// Backward: dL/dx = dL/dy where x &gt; 0, slope · dL/dy where x ≤ 0.
/// </summary>
public sealed class LeakyReluNode(float slope = 0.01f) : Node
{
    private Tensor? _x;

    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; } = slope;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = TensorMemory.Zeroed(_x.Size);
        float[] xs = _x.Data;
        for (int i = 0; i < y.Length; i++) y[i] = xs[i] > 0 ? xs[i] : Slope * xs[i];
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Zeroed(x.Size);
        float[] g = gradOutput.Data, xs = x.Data;
        for (int i = 0; i < dx.Length; i++) dx[i] = xs[i] > 0 ? g[i] : Slope * g[i];
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
