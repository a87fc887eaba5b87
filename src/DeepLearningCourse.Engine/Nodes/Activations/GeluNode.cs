namespace DeepLearningCourse.Engine;

/// <summary>
/// GELU, the Transformer MLP activation (Hendrycks &amp; Gimpel 2016), in the tanh form used by BERT and GPT-2
/// (PyTorch: <c>gelu(x, approximate='tanh')</c>), element-wise on any shape:
/// gelu(x) = ½ x (1 + tanh(u)), u = √(2/π) (x + 0.044715 x³).
/// Unlike ReLU it is smooth at 0, so finite-difference gradient checks of whole blocks do not trip on kinks.
/// Backward: gelu'(x) = ½ (1 + tanh u) + ½ x (1 − tanh² u) √(2/π) (1 + 3 · 0.044715 x²).
/// The arithmetic (a readable reference and the one-pass fast path used here) is in <see cref="GeluKernels"/>.
/// </summary>
public sealed class GeluNode : Node
{
    private Tensor? _x;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Uninitialized(x.Size);
        GeluKernels.Forward(x.Data, y);
        _x = x; // Backward recomputes tanh(u) from x
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Uninitialized(x.Size);
        GeluKernels.Backward(x.Data, gradOutput.Data, dx);
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
