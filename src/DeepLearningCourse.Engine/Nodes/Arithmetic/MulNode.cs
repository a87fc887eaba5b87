namespace DeepLearningCourse.Engine;

/// <summary>
/// a ⊙ b (element-wise product) with broadcasting.
/// Backward: dL/da = dL/dy ⊙ b and dL/db = dL/dy ⊙ a, each summed over the axes it was broadcast along.
/// </summary>
public sealed class MulNode : Node
{
    private Tensor? _a, _b;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        (_a, _b) = (inputs[0], inputs[1]);
        return Broadcasting.Compute(BinaryOp.Multiply, _a, _b);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor a = NodeArgs.Saved(this, _a), b = NodeArgs.Saved(this, _b);
        return
        [
            Broadcasting.SumTo(Broadcasting.Compute(BinaryOp.Multiply, gradOutput, b), a.Shape),
            Broadcasting.SumTo(Broadcasting.Compute(BinaryOp.Multiply, gradOutput, a), b.Shape),
        ];
    }

    public override void ReleaseSavedState()
    {
        (_a, _b) = (null, null);
        base.ReleaseSavedState();
    }
}
