namespace DeepLearningCourse.Engine;

/// <summary>
/// Element-wise choice: y = a where condition ≠ 0, b elsewhere (PyTorch's <c>torch.where</c>). Inputs
/// (condition, a, b) broadcast to one output shape. Backward: a gets dL/dy where the condition holds, b where it
/// does not (each summed over its broadcast axes); the condition is not differentiable and gets null.
/// </summary>
public sealed class WhereNode : Node
{
    private Tensor? _mask;
    private int[] _aShape = [], _bShape = [];

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 3);
        Tensor condition = inputs[0], a = inputs[1], b = inputs[2];
        int[] shape = Broadcasting.ResultShape(condition.Shape, Broadcasting.ResultShape(a.Shape, b.Shape, "Where"), "Where");
        Tensor zeros = Tensor.Zeros(shape);
        float[] c = Expand(condition, zeros).Data, av = Expand(a, zeros).Data, bv = Expand(b, zeros).Data;
        var y = TensorMemory.Zeroed(c.Length);
        var mask = TensorMemory.Zeroed(c.Length);
        for (int i = 0; i < y.Length; i++)
        {
            bool pickA = c[i] != 0;
            mask[i] = pickA ? 1f : 0f;
            y[i] = pickA ? av[i] : bv[i];
        }
        _mask = new Tensor(mask, shape);
        (_aShape, _bShape) = (a.Shape, b.Shape);
        return new Tensor(y, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        float[] mask = NodeArgs.Saved(this, _mask).Data, g = gradOutput.Data;
        var da = TensorMemory.Zeroed(g.Length);
        var db = TensorMemory.Zeroed(g.Length);
        for (int i = 0; i < g.Length; i++)
        {
            if (mask[i] != 0) da[i] = g[i];
            else db[i] = g[i];
        }
        return
        [
            null,
            Broadcasting.SumTo(new Tensor(da, gradOutput.Shape), _aShape),
            Broadcasting.SumTo(new Tensor(db, gradOutput.Shape), _bShape),
        ];
    }

    public override void ReleaseSavedState()
    {
        _mask = null;
        base.ReleaseSavedState();
    }

    /// <summary>t broadcast to the shape of <paramref name="zeros"/> (t + 0 keeps every value, NaN and ±∞ included).</summary>
    private static Tensor Expand(Tensor t, Tensor zeros) =>
        t.SameShape(zeros) ? t : Broadcasting.Compute(BinaryOp.Add, t, zeros);
}
