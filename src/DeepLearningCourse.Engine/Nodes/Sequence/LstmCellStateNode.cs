namespace DeepLearningCourse.Engine;

/// <summary>
/// Fused LSTM cell-state update: c_t = σ(f) ⊙ c_{t-1} + σ(i) ⊙ tanh(g), where z = [i | f | g | o] are the gate
/// pre-activations (PyTorch's gate order i, f, g, o; see <see cref="LSTMCell"/>).
/// Shapes: z [B, 4·H], c_{t-1} [B, H] → c_t [B, H]. The output gate o is not used here (see <see cref="LstmHiddenNode"/>).
/// Backward, with dc = dL/dc_t: dc_{t-1} = dc ⊙ σ(f); dz_i = dc ⊙ tanh(g) ⊙ σ(i)(1 − σ(i));
/// dz_f = dc ⊙ c_{t-1} ⊙ σ(f)(1 − σ(f)); dz_g = dc ⊙ σ(i) ⊙ (1 − tanh²(g)); dz_o = 0.
/// The composite version (Slice, Sigmoid, Tanh, Mul, Add) gives the same values; this node does it in one pass.
/// </summary>
public sealed class LstmCellStateNode : Node
{
    private Tensor? _z, _c;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor z = inputs[0], cPrev = inputs[1];
        var (batch, hidden) = LstmGateShapes.Check(this, z, cPrev, "c_{t-1}");
        var c = new float[batch * hidden];
        float[] zs = z.Data, cs = cPrev.Data;
        for (int b = 0; b < batch; b++)
        {
            int row = b * 4 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = RecurrentMath.Sigmoid(zs[row + j]);
                float f = RecurrentMath.Sigmoid(zs[row + hidden + j]);
                float g = MathF.Tanh(zs[row + 2 * hidden + j]);
                c[s + j] = f * cs[s + j] + i * g;
            }
        }
        (_z, _c) = (z, cPrev);
        return new Tensor(c, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor z = NodeArgs.Saved(this, _z), cPrev = NodeArgs.Saved(this, _c);
        int batch = cPrev.Shape[0], hidden = cPrev.Shape[1];
        float[] zs = z.Data, cs = cPrev.Data, dc = gradOutput.Data;
        var dz = new float[z.Size];
        var dcPrev = new float[cPrev.Size];
        for (int b = 0; b < batch; b++)
        {
            int row = b * 4 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = RecurrentMath.Sigmoid(zs[row + j]);
                float f = RecurrentMath.Sigmoid(zs[row + hidden + j]);
                float g = MathF.Tanh(zs[row + 2 * hidden + j]);
                float d = dc[s + j];
                dcPrev[s + j] = d * f;
                dz[row + j] = d * g * i * (1f - i);
                dz[row + hidden + j] = d * cs[s + j] * f * (1f - f);
                dz[row + 2 * hidden + j] = d * i * (1f - g * g);
            }
        }
        return [new Tensor(dz, z.Shape), new Tensor(dcPrev, cPrev.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_z, _c) = (null, null);
        base.ReleaseSavedState();
    }
}
