using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// a / b (element-wise quotient) with broadcasting.
/// Backward: dL/da = dL/dy / b and dL/db = −dL/dy · a / b², each summed over the axes it was broadcast along.
/// </summary>
public sealed class DivNode : Node
{
    private Tensor? _a, _b;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        (_a, _b) = (inputs[0], inputs[1]);
        return Broadcasting.Compute(BinaryOp.Divide, _a, _b);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor a = NodeArgs.Saved(this, _a), b = NodeArgs.Saved(this, _b);
        Tensor gOverB = Broadcasting.Compute(BinaryOp.Divide, gradOutput, b);
        // dL/db = −(g / b) · (a / b)
        Tensor aOverB = Broadcasting.Compute(BinaryOp.Divide, a, b);
        Tensor db = Broadcasting.Compute(BinaryOp.Multiply, gOverB, aOverB);
        TensorPrimitives.Negate(db.Data, db.Data);
        return [Broadcasting.SumTo(gOverB, a.Shape), Broadcasting.SumTo(db, b.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_a, _b) = (null, null);
        base.ReleaseSavedState();
    }
}
