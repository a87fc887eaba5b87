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
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length is not (2 or 3))
            throw new ArgumentException($"{OpName}: expected inputs (x, W) or (x, W, b) but got {inputs.Length}.");
        Tensor x = inputs[0], w = inputs[1];
        NodeArgs.Rank(this, w, 2, "W", "[in, out]");
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        if (x.Rank < 1 || x.Shape[^1] != inFeatures)
            throw new ShapeException($"{OpName}: x is {Tensor.ShapeText(x.Shape)} but W is {Tensor.ShapeText(w.Shape)}; x's last axis must be {inFeatures} (x [batch, {inFeatures}] · W [{inFeatures}, {outFeatures}]).");
        _hasBias = inputs.Length == 3;
        if (_hasBias && (inputs[2].Rank != 1 || inputs[2].Shape[0] != outFeatures))
            throw new ShapeException($"{OpName}: b is {Tensor.ShapeText(inputs[2].Shape)} but W is {Tensor.ShapeText(w.Shape)}; b must be [{outFeatures}].");
        (_x, _w) = (x, w);

        int rows = Rows(x);
        var y = GC.AllocateUninitializedArray<float>(rows * outFeatures);
        if (_hasBias)
        {
            float[] b = inputs[2].Data;
            for (int r = 0; r < rows; r++) b.CopyTo(y, r * outFeatures);
        }
        Gemm.Multiply(x.Data, w.Data, y, rows, outFeatures, inFeatures, accumulate: _hasBias); // y starts as the bias rows
        var shape = (int[])x.Shape.Clone();
        shape[^1] = outFeatures;
        return new Tensor(y, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), w = NodeArgs.Saved(this, _w);
        int inFeatures = w.Shape[0], outFeatures = w.Shape[1];
        int rows = Rows(x);
        var result = new Tensor?[_hasBias ? 3 : 2];
        if (NeedsGradient(0))
        {
            // dx [rows, in] = dy [rows, out] · W [in, out]ᵀ
            var dx = GC.AllocateUninitializedArray<float>(x.Size);
            Gemm.Multiply(gradOutput.Data, w.Data, dx, rows, inFeatures, outFeatures, transposeB: true);
            result[0] = new Tensor(dx, x.Shape);
        }
        if (NeedsGradient(1))
        {
            // dW [in, out] = x [rows, in]ᵀ · dy [rows, out]
            var dw = GC.AllocateUninitializedArray<float>(w.Size);
            Gemm.Multiply(x.Data, gradOutput.Data, dw, inFeatures, outFeatures, rows, transposeA: true);
            result[1] = new Tensor(dw, w.Shape);
        }
        if (_hasBias && NeedsGradient(2))
        {
            var db = new float[outFeatures];
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(db, gradOutput.Data.AsSpan(r * outFeatures, outFeatures), db);
            result[2] = new Tensor(db, outFeatures);
        }
        return result;
    }

    /// <summary>Number of rows: the product of every axis of x but the last.</summary>
    private static int Rows(Tensor x) => (int)Tensor.ShapeSize(x.Shape.AsSpan(0, x.Rank - 1));

    /// <summary>dx, dW and db are new arrays on every call.</summary>
    protected internal override bool ReturnsNewGradients => true;

    public override void ReleaseSavedState()
    {
        (_x, _w) = (null, null);
        base.ReleaseSavedState();
    }
}
