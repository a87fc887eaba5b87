using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// x^p element-wise for a constant exponent p; any shape. Backward: dL/dx = dL/dy · p · x^(p−1).
/// A non-integer p needs x ≥ 0 (a negative base gives NaN, as in PyTorch); p = 0 gives 1 with gradient 0.
/// </summary>
public sealed class PowNode(float exponent) : Node
{
    private Tensor? _x;

    /// <summary>The constant exponent p.</summary>
    public float Exponent { get; } = exponent;

    public override string OpName => $"Pow({Tensor.FormatValue(Exponent)})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = TensorMemory.Zeroed(_x.Size);
        if (Exponent == 2f) TensorPrimitives.Multiply(_x.Data, _x.Data, y);
        else TensorPrimitives.Pow(_x.Data, Exponent, y);
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Zeroed(x.Size);
        if (Exponent == 0f) return [new Tensor(dx, x.Shape)]; // x⁰ = 1 is constant (and 0 · 0⁻¹ would be NaN)
        if (Exponent == 2f) TensorPrimitives.Multiply(x.Data, 2f, dx);
        else
        {
            TensorPrimitives.Pow(x.Data, Exponent - 1f, dx);
            TensorPrimitives.Multiply(dx, Exponent, dx);
        }
        TensorPrimitives.Multiply(dx, gradOutput.Data, dx);
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
