namespace DeepLearningCourse.Engine;

/// <summary>
/// The pre-activations of a recurrent cell: z = x · W_x + h · W_h + b.
/// Shapes: x [B, in], h [B, H], W_x [in, G], W_h [H, G], b [G] → z [B, G], where G = 4·H for an LSTM
/// (gates i, f, g, o side by side, see <see cref="LSTMCell"/>). Two matrix products and a bias in one node.
/// Backward: dx = dz · W_xᵀ, dh = dz · W_hᵀ, dW_x = xᵀ · dz, dW_h = hᵀ · dz, db = Σ_batch dz.
/// </summary>
public sealed class RecurrentProjectionNode(int gatesPerHidden = 4) : Node
{
    private Tensor? _x, _h, _wx, _wh;

    /// <summary>G / H: 4 for an LSTM, 3 for a GRU, 1 for a plain RNN.</summary>
    public int GatesPerHidden { get; } = gatesPerHidden;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 5);
        Tensor x = inputs[0], h = inputs[1], wx = inputs[2], wh = inputs[3], b = inputs[4];
        var (batch, _, _, gates) = RecurrentMath.CheckShapes(this, x, h, wx, wh, b, GatesPerHidden);
        (_x, _h, _wx, _wh) = (x, h, wx, wh);
        return new Tensor(RecurrentMath.Affine(x, wx, h, wh, b, batch, gates), batch, gates);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), h = NodeArgs.Saved(this, _h), wx = NodeArgs.Saved(this, _wx), wh = NodeArgs.Saved(this, _wh);
        int batch = x.Shape[0], gates = wx.Shape[1];
        float[] dz = gradOutput.Data;
        return
        [
            NeedsGradient(0) ? RecurrentMath.InputGradient(dz, wx, batch, x) : null,
            NeedsGradient(1) ? RecurrentMath.InputGradient(dz, wh, batch, h) : null,
            NeedsGradient(2) ? RecurrentMath.WeightGradient(x, dz, batch, gates) : null,
            NeedsGradient(3) ? RecurrentMath.WeightGradient(h, dz, batch, gates) : null,
            NeedsGradient(4) ? RecurrentMath.BiasGradient(dz, batch, gates) : null,
        ];
    }

    public override void ReleaseSavedState()
    {
        (_x, _h, _wx, _wh) = (null, null, null, null);
        base.ReleaseSavedState();
    }
}
