using System.Numerics.Tensors;

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
    private Tensor? _c;
    private float[]? _gates;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor z = inputs[0], cPrev = inputs[1];
        var (batch, hidden) = LstmGateShapes.Check(this, z, cPrev, "c_{t-1}");
        // gates [B, 3·H] holds σ(i), σ(f), tanh(g) per row, kept for Backward.
        var gates = TensorMemory.Zeroed(batch * 3 * hidden);
        var c = TensorMemory.Zeroed(batch * hidden);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> zRow = z.Data.AsSpan(b * 4 * hidden, 4 * hidden);
            Span<float> row = gates.AsSpan(b * 3 * hidden, 3 * hidden);
            Span<float> i = row[..hidden], f = row.Slice(hidden, hidden), g = row.Slice(2 * hidden, hidden);
            VectorMath.Sigmoid(zRow[..(2 * hidden)], row[..(2 * hidden)]);
            VectorMath.Tanh(zRow.Slice(2 * hidden, hidden), g);
            Span<float> cRow = c.AsSpan(b * hidden, hidden);
            TensorPrimitives.Multiply(f, cPrev.Data.AsSpan(b * hidden, hidden), cRow);
            TensorPrimitives.MultiplyAdd(i, g, cRow, cRow);
        }
        (_c, _gates) = (cPrev, gates);
        return new Tensor(c, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor cPrev = NodeArgs.Saved(this, _c);
        float[] gates = NodeArgs.Saved(this, _gates);
        int batch = cPrev.Shape[0], hidden = cPrev.Shape[1];
        float[] cs = cPrev.Data, dc = gradOutput.Data;
        var dz = TensorMemory.Zeroed(batch * 4 * hidden);
        var dcPrev = TensorMemory.Zeroed(cPrev.Size);
        for (int b = 0; b < batch; b++)
        {
            int zRow = b * 4 * hidden, gRow = b * 3 * hidden, s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = gates[gRow + j], f = gates[gRow + hidden + j], g = gates[gRow + 2 * hidden + j];
                float d = dc[s + j];
                dcPrev[s + j] = d * f;
                dz[zRow + j] = d * g * i * (1f - i);
                dz[zRow + hidden + j] = d * cs[s + j] * f * (1f - f);
                dz[zRow + 2 * hidden + j] = d * i * (1f - g * g);
            }
        }
        return [new Tensor(dz, batch, 4 * hidden), new Tensor(dcPrev, cPrev.Shape)];
    }

    public override void ReleaseSavedState()
    {
        (_c, _gates) = (null, null);
        base.ReleaseSavedState();
    }
}
