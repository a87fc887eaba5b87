using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Fully connected layer in one node: y = x · W + b.
/// Shapes: x [batch, in], W [in, out], b [out] → y [batch, out]. The bias is optional (two inputs: y = x · W).
/// x may have more leading axes ([batch, time, in] → [batch, time, out]); they are treated as rows.
/// (PyTorch stores W transposed, as [out, in].)
/// Backward returns [dx, dW, db]: dx = dy · Wᵀ, dW = xᵀ · dy, db = Σ over rows of dy.
/// </summary>
public sealed class LinearNode : Node
{
    private Tensor? _x, _w;
    private bool _hasBias;

    public override Tensor Forward(params Tensor[] inputs)
    {
        (_x, _w, Tensor? b) = CheckInputs(this, inputs);
        _hasBias = b is not null;
        return Affine(_x, _w, b);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), w = NodeArgs.Saved(this, _w);
        return Gradients(x, w, gradOutput.Data, _hasBias, NeedsGradient(0), NeedsGradient(1), _hasBias && NeedsGradient(2));
    }

    /// <summary>dx, dW and db are new arrays on every call.</summary>
    protected internal override bool ReturnsNewGradients => true;

    public override void ReleaseSavedState()
    {
        (_x, _w) = (null, null);
        base.ReleaseSavedState();
    }

    /// <summary>Checks (x, W) or (x, W, b) and returns them; b is null without bias.</summary>
    internal static (Tensor X, Tensor W, Tensor? B) CheckInputs(Node node, Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length is not (2 or 3))
            throw new ArgumentException($"{node.OpName}: expected inputs (x, W) or (x, W, b) but got {inputs.Length}.");
        Tensor x = inputs[0], w = inputs[1];
        NodeArgs.Rank(node, w, 2, "W", "[in, out]");
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        if (x.Rank < 1 || x.Shape[^1] != inFeatures)
            throw new ShapeException($"{node.OpName}: x is {Tensor.ShapeText(x.Shape)} but W is {Tensor.ShapeText(w.Shape)}; x's last axis must be {inFeatures} (x [batch, {inFeatures}] · W [{inFeatures}, {outFeatures}]).");
        Tensor? b = inputs.Length == 3 ? inputs[2] : null;
        if (b is not null && (b.Rank != 1 || b.Shape[0] != outFeatures))
            throw new ShapeException($"{node.OpName}: b is {Tensor.ShapeText(b.Shape)} but W is {Tensor.ShapeText(w.Shape)}; b must be [{outFeatures}].");
        return (x, w, b);
    }

    /// <summary>y = x · W (+ b), then max(0, ·) when <paramref name="relu"/>: a new tensor of shape [..., out].</summary>
    internal static Tensor Affine(Tensor x, Tensor w, Tensor? b, bool relu = false)
    {
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        int rows = Rows(x);
        var y = TensorMemory.Uninitialized(rows * outFeatures);
        Gemm.Affine(x.Data, w.Data, b is null ? default : b.Data, y, rows, outFeatures, inFeatures, relu);
        var shape = (int[])x.Shape.Clone();
        shape[^1] = outFeatures;
        return new Tensor(y, shape);
    }

    /// <summary>
    /// [dx, dW, db] from dy (= <paramref name="gradOutput"/>, [rows, out]): dx = dy · Wᵀ, dW = xᵀ · dy, db = Σ rows of dy;
    /// each is a new tensor, or null where not needed (db is absent without bias). With a <paramref name="gate"/> (y
    /// of a ReLU after the layer, [rows, out]) dy is replaced by dy ⊙ [y &gt; 0], applied inside the products.
    /// </summary>
    internal static Tensor?[] Gradients(Tensor x, Tensor w, ReadOnlySpan<float> gradOutput, bool hasBias, bool needX, bool needW, bool needB,
        ReadOnlySpan<float> gate = default)
    {
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        int rows = Rows(x);
        bool gated = !gate.IsEmpty;
        var result = new Tensor?[hasBias ? 3 : 2];
        if (needX)
        {
            // dx [rows, in] = dy [rows, out] · W [in, out]ᵀ
            var dx = TensorMemory.Uninitialized(x.Size);
            if (gated) Gemm.MultiplyGated(gradOutput, w.Data, dx, rows, inFeatures, outFeatures, false, true, new GemmGate(gate, GatedOperand.A));
            else Gemm.Multiply(gradOutput, w.Data, dx, rows, inFeatures, outFeatures, transposeB: true);
            result[0] = new Tensor(dx, x.Shape);
        }
        if (needW)
        {
            // dW [in, out] = x [rows, in]ᵀ · dy [rows, out]; with a bias, db = Σ rows of dy is summed while dy is packed.
            var dw = TensorMemory.Uninitialized(w.Size);
            if (needB)
            {
                var db = TensorMemory.Uninitialized(outFeatures);
                if (gated) Gemm.MultiplySummingGatedB(x.Data, gradOutput, dw, inFeatures, outFeatures, rows, db, transposeA: true, gate);
                else Gemm.MultiplySummingB(x.Data, gradOutput, dw, inFeatures, outFeatures, rows, db, transposeA: true);
                result[2] = new Tensor(db, outFeatures);
            }
            else if (gated)
            {
                Gemm.MultiplyGated(x.Data, gradOutput, dw, inFeatures, outFeatures, rows, true, false, new GemmGate(gate, GatedOperand.B));
            }
            else
            {
                Gemm.Multiply(x.Data, gradOutput, dw, inFeatures, outFeatures, rows, transposeA: true);
            }
            result[1] = new Tensor(dw, w.Shape);
        }
        else if (needB)
        {
            var db = TensorMemory.Zeroed(outFeatures);
            for (int r = 0; r < rows; r++)
            {
                var row = gradOutput.Slice(r * outFeatures, outFeatures);
                if (gated) Gemm.AddGated(db, row, gate.Slice(r * outFeatures, outFeatures));
                else TensorPrimitives.Add(db, row, db);
            }
            result[2] = new Tensor(db, outFeatures);
        }
        return result;
    }

    /// <summary>Number of rows: the product of every axis of x but the last.</summary>
    private static int Rows(Tensor x) => (int)Tensor.ShapeSize(x.Shape.AsSpan(0, x.Rank - 1));
}
