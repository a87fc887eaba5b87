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
    /// <remarks>
    /// dx and dW are independent products of the same size. When they are too small to split between the cores
    /// (a 10-class output layer), they run side by side, one per core, instead of one after the other on one core;
    /// each runs exactly as it would alone, so the results are the same bit for bit.
    /// </remarks>
    internal static Tensor?[] Gradients(Tensor x, Tensor w, float[] gradOutput, bool hasBias, bool needX, bool needW, bool needB,
        float[]? gate = null)
    {
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        int rows = Rows(x);
        var result = new Tensor?[hasBias ? 3 : 2];
        float[]? dx = needX ? TensorMemory.Uninitialized(x.Size) : null;
        float[]? dw = needW ? TensorMemory.Uninitialized(w.Size) : null;
        float[]? db = needB ? (needW ? TensorMemory.Uninitialized(outFeatures) : TensorMemory.Zeroed(outFeatures)) : null;
        var products = new Products(x.Data, w.Data, gradOutput, gate, rows, inFeatures, outFeatures, dx, dw, db);
        if (dx is not null && dw is not null && Gemm.PairsSideBySide((long)rows * inFeatures * outFeatures))
        {
            WorkerThreads.Run(2, products, static (part, p) =>
            {
                if (part == 0) p.InputGradient();
                else p.WeightGradients();
            });
        }
        else
        {
            products.InputGradient();
            products.WeightGradients();
        }
        if (dx is not null) result[0] = new Tensor(dx, x.Shape);
        if (dw is not null) result[1] = new Tensor(dw, w.Shape);
        if (db is not null) result[2] = new Tensor(db, outFeatures);
        return result;
    }

    /// <summary>The backward products of one layer, into the given arrays (null: not needed).</summary>
    private sealed record Products(float[] X, float[] W, float[] GradOutput, float[]? Gate, int Rows, int In, int Out,
        float[]? Dx, float[]? Dw, float[]? Db)
    {
        /// <summary>dx [rows, in] = dy [rows, out] · W [in, out]ᵀ.</summary>
        public void InputGradient()
        {
            if (Dx is null) return;
            if (Gate is not null) Gemm.MultiplyGated(GradOutput, W, Dx, Rows, In, Out, false, true, new GemmGate(Gate, GatedOperand.A));
            else Gemm.Multiply(GradOutput, W, Dx, Rows, In, Out, transposeB: true);
        }

        /// <summary>dW [in, out] = x [rows, in]ᵀ · dy [rows, out]; db = Σ rows of dy, summed while dy is packed.</summary>
        public void WeightGradients()
        {
            if (Dw is not null && Db is not null)
            {
                if (Gate is not null) Gemm.MultiplySummingGatedB(X, GradOutput, Dw, In, Out, Rows, Db, transposeA: true, Gate);
                else Gemm.MultiplySummingB(X, GradOutput, Dw, In, Out, Rows, Db, transposeA: true);
            }
            else if (Dw is not null)
            {
                if (Gate is not null) Gemm.MultiplyGated(X, GradOutput, Dw, In, Out, Rows, true, false, new GemmGate(Gate, GatedOperand.B));
                else Gemm.Multiply(X, GradOutput, Dw, In, Out, Rows, transposeA: true);
            }
            else if (Db is not null)
            {
                for (int r = 0; r < Rows; r++)
                {
                    var row = GradOutput.AsSpan(r * Out, Out);
                    if (Gate is not null) Gemm.AddGated(Db, row, Gate.AsSpan(r * Out, Out));
                    else TensorPrimitives.Add(Db, row, Db);
                }
            }
        }
    }

    /// <summary>Number of rows: the product of every axis of x but the last.</summary>
    private static int Rows(Tensor x) => (int)Tensor.ShapeSize(x.Shape.AsSpan(0, x.Rank - 1));
}
