namespace DeepLearningCourse.Engine;

/// <summary>
/// Fused LSTM output: h_t = σ(o) ⊙ tanh(c_t), where o is the last quarter of the gate pre-activations
/// z = [i | f | g | o] (PyTorch's order; see <see cref="LSTMCell"/>).
/// Shapes: z [B, 4·H], c_t [B, H] → h_t [B, H].
/// Backward, with dh = dL/dh_t: dz_o = dh ⊙ tanh(c_t) ⊙ σ(o)(1 − σ(o)); dz_i = dz_f = dz_g = 0;
/// dc_t = dh ⊙ σ(o) ⊙ (1 − tanh²(c_t)).
/// </summary>
public sealed class LstmHiddenNode : Node
{
    private Tensor? _z, _c;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor z = inputs[0], c = inputs[1];
        var (batch, hidden) = LstmGateShapes.Check(this, z, c, "c_t");
        var h = new float[batch * hidden];
        float[] zs = z.Data, cs = c.Data;
        for (int b = 0; b < batch; b++)
        {
            int o = b * 4 * hidden + 3 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++) h[s + j] = RecurrentMath.Sigmoid(zs[o + j]) * MathF.Tanh(cs[s + j]);
        }
        (_z, _c) = (z, c);
        return new Tensor(h, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor z = NodeArgs.Saved(this, _z), c = NodeArgs.Saved(this, _c);
        int batch = c.Shape[0], hidden = c.Shape[1];
        float[] zs = z.Data, cs = c.Data, dh = gradOutput.Data;
        var dz = new float[z.Size];
        var dc = new float[c.Size];
        for (int b = 0; b < batch; b++)
        {
            int o = b * 4 * hidden + 3 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float gate = RecurrentMath.Sigmoid(zs[o + j]);
                float tc = MathF.Tanh(cs[s + j]);
                float d = dh[s + j];
                dz[o + j] = d * tc * gate * (1f - gate);
                dc[s + j] = d * gate * (1f - tc * tc);
            }
        }
        return [new Tensor(dz, z.Shape), new Tensor(dc, c.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_z, _c) = (null, null);
        base.ReleaseSavedState();
    }
}
