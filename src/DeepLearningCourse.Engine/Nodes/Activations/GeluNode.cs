using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// GELU, the Transformer MLP activation (Hendrycks &amp; Gimpel 2016), in the tanh form used by BERT and GPT-2
/// (PyTorch: <c>gelu(x, approximate='tanh')</c>), element-wise on any shape:
/// gelu(x) = ½ x (1 + tanh(u)), u = √(2/π) (x + 0.044715 x³).
/// Unlike ReLU it is smooth at 0, so finite-difference gradient checks of whole blocks do not trip on kinks.
/// Backward: gelu'(x) = ½ (1 + tanh u) + ½ x (1 − tanh² u) √(2/π) (1 + 3 · 0.044715 x²).
/// </summary>
public sealed class GeluNode : Node
{
    private const float Coefficient = 0.044715f;
    private static readonly float SqrtTwoOverPi = MathF.Sqrt(2f / MathF.PI);
    private Tensor? _x;
    private float[]? _tanh;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        // t = tanh(√(2/π) · x · (1 + 0.044715 x²)), kept for Backward; y = ½ x (1 + t).
        var t = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Multiply(x.Data, x.Data, t);
        TensorPrimitives.Multiply(t, Coefficient, t);
        TensorPrimitives.Add(t, 1f, t);
        TensorPrimitives.Multiply(t, x.Data, t);
        TensorPrimitives.Multiply(t, SqrtTwoOverPi, t);
        TensorPrimitives.Tanh(t, t);
        var y = TensorMemory.Zeroed(x.Size);
        TensorPrimitives.Add(t, 1f, y);
        TensorPrimitives.Multiply(y, x.Data, y);
        TensorPrimitives.Multiply(y, 0.5f, y);
        (_x, _tanh) = (x, t);
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        float[] t = NodeArgs.Saved(this, _tanh), xs = x.Data, g = gradOutput.Data;
        var dx = TensorMemory.Zeroed(x.Size);
        for (int i = 0; i < dx.Length; i++)
        {
            float v = xs[i], ti = t[i];
            float derivative = 0.5f * (1f + ti) + 0.5f * v * (1f - ti * ti) * SqrtTwoOverPi * (1f + 3f * Coefficient * v * v);
            dx[i] = g[i] * derivative;
        }
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_x, _tanh) = (null, null);
        base.ReleaseSavedState();
    }
}
