namespace DeepLearningCourse.Engine;

/// <summary>
/// One step of a plain (Elman) RNN: h_t = tanh(x_t · W_x + h_{t-1} · W_h + b).
/// Shapes: x_t [B, in], h_{t-1} [B, H], W_x [in, H], W_h [H, H], b [H] → h_t [B, H].
/// (PyTorch's nn.RNN stores weight_ih_l0 = W_xᵀ [H, in], weight_hh_l0 = W_hᵀ, and two biases whose sum is b.)
/// Backward: da = dh_t ⊙ (1 − h_t²), then dx = da · W_xᵀ, dh_{t-1} = da · W_hᵀ, dW_x = x_tᵀ · da,
/// dW_h = h_{t-1}ᵀ · da, db = Σ_batch da.
/// </summary>
public sealed class RnnCellNode : Node
{
    private Tensor? _x, _h, _wx, _wh;
    private float[]? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 5);
        Tensor x = inputs[0], h = inputs[1], wx = inputs[2], wh = inputs[3], b = inputs[4];
        var (batch, _, hidden, _) = RecurrentMath.CheckShapes(this, x, h, wx, wh, b, 1);
        float[] y = RecurrentMath.Affine(x, wx, h, wh, b, batch, hidden);
        VectorMath.Tanh(y, y);
        (_x, _h, _wx, _wh, _y) = (x, h, wx, wh, y);
        return new Tensor(y, batch, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), h = NodeArgs.Saved(this, _h), wx = NodeArgs.Saved(this, _wx), wh = NodeArgs.Saved(this, _wh);
        float[] y = NodeArgs.Saved(this, _y), g = gradOutput.Data;
        int batch = x.Shape[0], hidden = h.Shape[1];
        var da = TensorMemory.Zeroed(y.Length);
        for (int i = 0; i < da.Length; i++) da[i] = g[i] * (1f - y[i] * y[i]);
        return
        [
            NeedsGradient(0) ? RecurrentMath.InputGradient(da, wx, batch, x) : null,
            NeedsGradient(1) ? RecurrentMath.InputGradient(da, wh, batch, h) : null,
            NeedsGradient(2) ? RecurrentMath.WeightGradient(x, da, batch, hidden) : null,
            NeedsGradient(3) ? RecurrentMath.WeightGradient(h, da, batch, hidden) : null,
            NeedsGradient(4) ? RecurrentMath.BiasGradient(da, batch, hidden) : null,
        ];
    }

    public override void ReleaseSavedState()
    {
        (_x, _h, _wx, _wh, _y) = (null, null, null, null, null);
        base.ReleaseSavedState();
    }
}
