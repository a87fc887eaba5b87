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

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = new float[x.Size];
        for (int i = 0; i < y.Length; i++)
        {
            float v = x.Data[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(SqrtTwoOverPi * (v + Coefficient * v * v * v)));
        }
        _x = x;
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = new float[x.Size];
        for (int i = 0; i < dx.Length; i++)
        {
            float v = x.Data[i];
            float t = MathF.Tanh(SqrtTwoOverPi * (v + Coefficient * v * v * v));
            float derivative = 0.5f * (1f + t) + 0.5f * v * (1f - t * t) * SqrtTwoOverPi * (1f + 3f * Coefficient * v * v);
            dx[i] = gradOutput.Data[i] * derivative;
        }
        return [new Tensor(dx, x.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
