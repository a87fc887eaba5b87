namespace DeepLearningCourse.Engine;

/// <summary>
/// A fully connected layer followed by ReLU, in one node: y = max(0, x · W + b). Same shapes and inputs as
/// <see cref="LinearNode"/> ((x, W) or (x, W, b); x [..., in], W [in, out], b [out] → y [..., out]) and the same
/// values, bit for bit, as <c>ReluNode(LinearNode(x, W, b))</c>, which is its readable reference.
/// </summary>
/// <remarks>
/// Fusing saves a pass over the activations in each direction and the pre-activation tensor (the bias and ReLU are
/// applied inside the product, block by block, see <see cref="Gemm.Affine"/>): ReLU's derivative is
/// read from the output (y &gt; 0 exactly where x · W + b &gt; 0), so Forward keeps x, W and y only. Backward returns
/// Linear's gradients of dz = dy where y &gt; 0 (0 elsewhere): dx = dz · Wᵀ, dW = xᵀ · dz, db = Σ rows of dz. dz is
/// never written out: the products gate dy while they pack it (<see cref="GemmGate"/>), which saves a pass that
/// writes 128 KB at the MLP benchmark's sizes. <see cref="Sequential"/> uses it for a Linear followed by a ReLU.
/// </remarks>
public sealed class LinearReluNode : Node
{
    private Tensor? _x, _w, _y;
    private bool _hasBias;

    public override Tensor Forward(params Tensor[] inputs)
    {
        (_x, _w, Tensor? b) = LinearNode.CheckInputs(this, inputs);
        _hasBias = b is not null;
        _y = LinearNode.Affine(_x, _w, b, relu: true);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), w = NodeArgs.Saved(this, _w), y = NodeArgs.Saved(this, _y);
        return LinearNode.Gradients(x, w, gradOutput.Data, _hasBias, NeedsGradient(0), NeedsGradient(1), _hasBias && NeedsGradient(2), gate: y.Data);
    }

    /// <summary>dx, dW and db are new arrays on every call.</summary>
    protected internal override bool ReturnsNewGradients => true;

    public override void ReleaseSavedState()
    {
        (_x, _w, _y) = (null, null, null);
        base.ReleaseSavedState();
    }
}
