using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Mean squared error L = (1/n) Σ (prediction − target)² over all n elements; inputs (prediction, target) of the
/// same shape → a scalar []. No broadcasting: [N, 1] against [N] would silently compare every pair, so it is an error.
/// Backward: dL/dprediction = 2 (prediction − target) / n · dL/dy, and the negative of that for the target.
/// </summary>
public sealed class MseLossNode : Node
{
    private Tensor? _difference;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor prediction = inputs[0], target = inputs[1];
        if (!prediction.SameShape(target))
            throw new ShapeException($"{OpName}: prediction is {Tensor.ShapeText(prediction.Shape)} but target is {Tensor.ShapeText(target.Shape)}; they must have the same shape (reshape the target, e.g. to {Tensor.ShapeText(prediction.Shape)}).");
        NodeArgs.NotEmpty(this, prediction, "prediction");
        var difference = TensorMemory.Zeroed(prediction.Size);
        TensorPrimitives.Subtract(prediction.Data, target.Data, difference);
        _difference = new Tensor(difference, prediction.Shape);
        return Tensor.Scalar(TensorPrimitives.SumOfSquares(difference) / difference.Length);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor difference = NodeArgs.Saved(this, _difference);
        float scale = 2f * gradOutput.Data[0] / difference.Size;
        var dPrediction = TensorMemory.Zeroed(difference.Size);
        var dTarget = TensorMemory.Zeroed(difference.Size);
        TensorPrimitives.Multiply(difference.Data, scale, dPrediction);
        TensorPrimitives.Negate(dPrediction, dTarget);
        return [new Tensor(dPrediction, difference.Shape), new Tensor(dTarget, difference.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _difference = null;
        base.ReleaseSavedState();
    }
}
