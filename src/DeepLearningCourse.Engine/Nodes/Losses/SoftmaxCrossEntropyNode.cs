using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Softmax followed by cross-entropy, fused: logits [N, C] and labels [N] (class indices 0..C−1 stored as floats)
/// → the mean over the N rows of −log softmax(logits)[row, label] (PyTorch's <c>F.cross_entropy</c>).
/// Computed as log Σ exp(z − m) − (z_label − m) with m the row maximum, so logits of ±1000 give finite values.
/// Backward: dL/dlogits = (softmax(logits) − onehot(labels)) / N · dL/dy; labels get no gradient (null).
/// </summary>
public sealed class SoftmaxCrossEntropyNode : Node
{
    private Tensor? _probabilities;
    private int[]? _labels;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor logits = inputs[0], labels = inputs[1];
        NodeArgs.Rank(this, logits, 2, "logits", "[N, C]: one row of class scores per example");
        int n = logits.Shape[0], c = logits.Shape[1];
        if (labels.Rank != 1 || labels.Shape[0] != n)
            throw new ShapeException($"{OpName}: logits are {Tensor.ShapeText(logits.Shape)} so labels must be [{n}] (one class index per row), but labels are {Tensor.ShapeText(labels.Shape)}.");
        NodeArgs.NotEmpty(this, logits, "logits");
        _labels = ClassIndices(labels, c);

        // Three passes over the whole [N, C] block rather than five vector calls per row: with ten classes a row is
        // shorter than one vector, and per-call overhead was most of the time. Shift each row by its maximum, take
        // exp of the block in one call, then normalize each row.
        var probabilities = TensorMemory.Uninitialized(logits.Size);
        var shiftedLabels = new float[n];
        for (int row = 0; row < n; row++)
        {
            ReadOnlySpan<float> z = logits.Data.AsSpan(row * c, c);
            Span<float> p = probabilities.AsSpan(row * c, c);
            float max = RowMax(z);
            for (int j = 0; j < c; j++) p[j] = z[j] - max;
            shiftedLabels[row] = p[_labels[row]];
        }
        VectorMath.Exp(probabilities, probabilities);
        double total = 0;
        for (int row = 0; row < n; row++)
        {
            Span<float> p = probabilities.AsSpan(row * c, c);
            float sum = 0;
            for (int j = 0; j < c; j++) sum += p[j];
            total += MathF.Log(sum) - shiftedLabels[row];
            for (int j = 0; j < c; j++) p[j] /= sum;
        }
        _probabilities = new Tensor(probabilities, logits.Shape);
        return Tensor.Scalar((float)(total / n));
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor p = NodeArgs.Saved(this, _probabilities);
        int[] labels = NodeArgs.Saved(this, _labels);
        int n = p.Shape[0], c = p.Shape[1];
        var dLogits = TensorMemory.CopyOf(p.Data);
        for (int row = 0; row < n; row++) dLogits[row * c + labels[row]] -= 1f;
        TensorPrimitives.Multiply(dLogits, gradOutput.Data[0] / n, dLogits);
        return [new Tensor(dLogits, p.Shape), null];
    }

    public override void ReleaseSavedState()
    {
        (_probabilities, _labels) = (null, null);
        base.ReleaseSavedState();
    }

    /// <summary>The row's largest value (NaN if it holds one, so a NaN logit shows in the loss).</summary>
    private static float RowMax(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int j = 1; j < row.Length; j++)
        {
            if (float.IsNaN(row[j])) return float.NaN;
            if (row[j] > max) max = row[j];
        }
        return max;
    }

    private int[] ClassIndices(Tensor labels, int classes)
    {
        var indices = new int[labels.Size];
        for (int row = 0; row < indices.Length; row++)
        {
            float label = labels.Data[row];
            if (!(label >= 0 && label < classes && label == MathF.Floor(label)))
                throw new ArgumentException($"{OpName}: label {Tensor.FormatValue(label)} in row {row} is not a class index; labels must be whole numbers 0..{classes - 1} because the logits have C = {classes} columns.");
            indices[row] = (int)label;
        }
        return indices;
    }
}
