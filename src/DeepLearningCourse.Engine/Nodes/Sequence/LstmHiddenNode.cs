using System.Numerics.Tensors;

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
    private float[]? _outputGate, _tanhC;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor z = inputs[0], c = inputs[1];
        var (batch, hidden) = LstmGateShapes.Check(this, z, c, "c_t");
        var outputGate = TensorMemory.Zeroed(batch * hidden);
        var tanhC = TensorMemory.Zeroed(batch * hidden);
        VectorMath.Tanh(c.Data, tanhC);
        for (int b = 0; b < batch; b++)
            VectorMath.Sigmoid(z.Data.AsSpan(b * 4 * hidden + 3 * hidden, hidden), outputGate.AsSpan(b * hidden, hidden));
        var h = TensorMemory.Zeroed(batch * hidden);
        TensorPrimitives.Multiply(outputGate, tanhC, h);
        (_outputGate, _tanhC) = (outputGate, tanhC);
        return new Tensor(h, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        float[] gate = NodeArgs.Saved(this, _outputGate), tc = NodeArgs.Saved(this, _tanhC), dh = gradOutput.Data;
        int batch = gradOutput.Shape[0], hidden = gradOutput.Shape[1];
        var dz = TensorMemory.Zeroed(batch * 4 * hidden);
        var dc = TensorMemory.Zeroed(batch * hidden);
        for (int b = 0; b < batch; b++)
        {
            int o = b * 4 * hidden + 3 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float og = gate[s + j], t = tc[s + j], d = dh[s + j];
                dz[o + j] = d * t * og * (1f - og);
                dc[s + j] = d * og * (1f - t * t);
            }
        }
        return [new Tensor(dz, batch, 4 * hidden), new Tensor(dc, batch, hidden)];
    }

    public override void ReleaseSavedState()
    {
        (_outputGate, _tanhC) = (null, null);
        base.ReleaseSavedState();
    }
}
