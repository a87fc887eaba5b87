using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>−x, element-wise; any shape. Backward: dL/dx = −dL/dy.</summary>
public sealed class NegNode : Node
{
    private int[] _shape = [];

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        _shape = x.Shape;
        var y = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Negate(x.Data, y);
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        var dx = TensorMemory.Zeroed(gradOutput.Size);
        TensorPrimitives.Negate(gradOutput.Data, dx);
        return [new Tensor(dx, _shape)];
    }
}
