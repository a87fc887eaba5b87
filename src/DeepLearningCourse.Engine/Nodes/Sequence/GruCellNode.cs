using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// One GRU step in PyTorch's convention (gates r, z, n in that order):
/// <code>
/// r = σ(x·W_xr + b_xr + h·W_hr + b_hr)          reset gate
/// z = σ(x·W_xz + b_xz + h·W_hz + b_hz)          update gate
/// n = tanh(x·W_xn + b_xn + r ⊙ (h·W_hn + b_hn)) candidate
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// Shapes: x [B, in], h [B, H], W_x [in, 3·H], W_h [H, 3·H], b_x [3·H], b_h [3·H] → h' [B, H]; each weight and bias
/// holds the r, z, n blocks side by side (PyTorch's weight_ih_l0 [3·H, in] is W_xᵀ, weight_hh_l0 is W_hᵀ,
/// bias_ih_l0 is b_x, bias_hh_l0 is b_h). The two biases are kept apart because r multiplies only the h-part of n.
/// Backward: dn = dh'(1 − z), dz = dh'(h − n), dh gets dh' ⊙ z directly; the pre-activation gradients
/// da_n = dn(1 − n²), da_r = (da_n ⊙ (h·W_hn + b_hn)) r(1 − r), da_z = dz z(1 − z) flow through both affine maps
/// (the h-part of n receives da_n ⊙ r).
/// </summary>
public sealed class GruCellNode : Node
{
    private Tensor? _x, _h, _wx, _wh;
    private float[]? _r, _z, _n, _hpN;

    /// <summary>
    /// Gate activations of this step, values only, each [B, H]: "reset" r, "update" z, "candidate" n. Kept after
    /// Backward for plotting; empty before Forward.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Gates { get; private set; } = new Dictionary<string, Tensor>();

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 6);
        Tensor x = inputs[0], h = inputs[1], wx = inputs[2], wh = inputs[3], bx = inputs[4], bh = inputs[5];
        var (batch, _, hidden, gates) = RecurrentMath.CheckShapes(this, x, h, wx, wh, bx, 3);
        if (bh.Rank != 1 || bh.Shape[0] != gates)
            throw new ShapeException($"{OpName}: b_h is {Tensor.ShapeText(bh.Shape)} but must be [3·hidden] = [{gates}].");
        float[] xp = RecurrentMath.Affine(x, wx, null, null, bx, batch, gates);
        float[] hp = RecurrentMath.Affine(h, wh, null, null, bh, batch, gates);
        int size = batch * hidden;
        float[] r = TensorMemory.Zeroed(size), z = TensorMemory.Zeroed(size), n = TensorMemory.Zeroed(size), hpN = TensorMemory.Zeroed(size), y = TensorMemory.Zeroed(size);
        var pre = TensorMemory.Zeroed(2 * hidden);
        for (int b = 0; b < batch; b++)
        {
            int row = b * gates, s = b * hidden;
            Span<float> rRow = r.AsSpan(s, hidden), zRow = z.AsSpan(s, hidden), nRow = n.AsSpan(s, hidden);
            TensorPrimitives.Add(xp.AsSpan(row, 2 * hidden), hp.AsSpan(row, 2 * hidden), pre);
            VectorMath.Sigmoid(pre.AsSpan(0, hidden), rRow);
            VectorMath.Sigmoid(pre.AsSpan(hidden, hidden), zRow);
            hp.AsSpan(row + 2 * hidden, hidden).CopyTo(hpN.AsSpan(s, hidden));
            TensorPrimitives.MultiplyAdd(rRow, hpN.AsSpan(s, hidden), xp.AsSpan(row + 2 * hidden, hidden), nRow);
            VectorMath.Tanh(nRow, nRow);
            // h' = n + z ⊙ (h − n)
            Span<float> yRow = y.AsSpan(s, hidden);
            TensorPrimitives.Subtract(h.Data.AsSpan(s, hidden), nRow, yRow);
            TensorPrimitives.MultiplyAdd(zRow, yRow, nRow, yRow);
        }
        (_x, _h, _wx, _wh, _r, _z, _n, _hpN) = (x, h, wx, wh, r, z, n, hpN);
        Gates = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["reset"] = new Tensor(r, batch, hidden),
            ["update"] = new Tensor(z, batch, hidden),
            ["candidate"] = new Tensor(n, batch, hidden),
        };
        return new Tensor(y, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), h = NodeArgs.Saved(this, _h), wx = NodeArgs.Saved(this, _wx), wh = NodeArgs.Saved(this, _wh);
        float[] r = NodeArgs.Saved(this, _r), z = NodeArgs.Saved(this, _z), n = NodeArgs.Saved(this, _n), hpN = NodeArgs.Saved(this, _hpN);
        int batch = x.Shape[0], hidden = h.Shape[1], gates = 3 * hidden;
        float[] g = gradOutput.Data;
        var dxp = TensorMemory.Zeroed(batch * gates);
        var dhp = TensorMemory.Zeroed(batch * gates);
        var dhDirect = TensorMemory.Zeroed(batch * hidden);
        for (int b = 0; b < batch; b++)
        {
            int row = b * gates;
            for (int j = 0; j < hidden; j++)
            {
                int s = b * hidden + j;
                float dn = g[s] * (1f - z[s]);
                float dz = g[s] * (h.Data[s] - n[s]);
                dhDirect[s] = g[s] * z[s];
                float daN = dn * (1f - n[s] * n[s]);
                float daR = daN * hpN[s] * r[s] * (1f - r[s]);
                float daZ = dz * z[s] * (1f - z[s]);
                dxp[row + j] = dhp[row + j] = daR;
                dxp[row + hidden + j] = dhp[row + hidden + j] = daZ;
                dxp[row + 2 * hidden + j] = daN;
                dhp[row + 2 * hidden + j] = daN * r[s];
            }
        }
        Tensor? dh = null;
        if (NeedsGradient(1))
        {
            dh = RecurrentMath.InputGradient(dhp, wh, batch, h);
            TensorPrimitives.Add(dh.Data, dhDirect, dh.Data);
        }
        return
        [
            NeedsGradient(0) ? RecurrentMath.InputGradient(dxp, wx, batch, x) : null,
            dh,
            NeedsGradient(2) ? RecurrentMath.WeightGradient(x, dxp, batch, gates) : null,
            NeedsGradient(3) ? RecurrentMath.WeightGradient(h, dhp, batch, gates) : null,
            NeedsGradient(4) ? RecurrentMath.BiasGradient(dxp, batch, gates) : null,
            NeedsGradient(5) ? RecurrentMath.BiasGradient(dhp, batch, gates) : null,
        ];
    }

    public override void ReleaseSavedState()
    {
        (_x, _h, _wx, _wh, _r, _z, _n, _hpN) = (null, null, null, null, null, null, null, null);
        base.ReleaseSavedState();
    }
}
