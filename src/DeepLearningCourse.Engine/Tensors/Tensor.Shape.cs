namespace DeepLearningCourse.Engine;

// Shape operations (reshape, transpose, slice, concatenate, stack, select) as differentiable methods.
public sealed partial class Tensor
{
    /// <summary>Same values in a new shape; one dimension may be −1 (inferred). Shares storage with this tensor.</summary>
    public Tensor Reshape(params int[] shape) => new ReshapeNode(shape).Apply(this);

    /// <summary>Swaps the last two axes ([M, N] → [N, M], [B, M, N] → [B, N, M]).</summary>
    public Tensor Transpose() => new TransposeNode().Apply(this);

    /// <summary>Swaps axes <paramref name="axis0"/> and <paramref name="axis1"/>.</summary>
    public Tensor Transpose(int axis0, int axis1) => new TransposeNode(axis0, axis1).Apply(this);

    /// <summary><paramref name="length"/> entries along <paramref name="axis"/> starting at <paramref name="start"/>.</summary>
    public Tensor Slice(int axis, int start, int length) => new SliceNode(axis, start, length).Apply(this);

    /// <summary>Joins tensors along an existing axis (sizes on every other axis must match).</summary>
    public static Tensor Concat(int axis, params Tensor[] tensors) => new ConcatNode(axis).Apply(tensors);

    /// <summary>
    /// Joins same-shape tensors along a new axis: n tensors of shape [A, B] stacked at axis 0 give [n, A, B];
    /// at axis −1, [A, B, n].
    /// </summary>
    public static Tensor Stack(int axis, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Stack: no tensors given; pass at least one.");
        int[] shape = tensors[0].Shape;
        int rank = shape.Length + 1;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ShapeException($"Stack: axis {axis} is out of range for stacking tensors of shape {ShapeText(shape)}; use 0..{rank - 1} (or -1 for a new last axis).");
        for (int k = 1; k < tensors.Length; k++)
        {
            if (!tensors[k].SameShape(tensors[0]))
                throw new ShapeException($"Stack: input {k} has shape {ShapeText(tensors[k].Shape)} but input 0 has {ShapeText(shape)}; stacked tensors must have the same shape.");
        }
        var expanded = shape.ToList();
        expanded.Insert(a, 1);
        int[] newShape = [.. expanded];
        return Concat(a, tensors.Select(t => t.Reshape(newShape)).ToArray());
    }

    /// <summary>
    /// a where <paramref name="condition"/> ≠ 0, b elsewhere (all three broadcast). The condition is treated as
    /// data: no gradient flows into it.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new WhereNode().Apply(condition.Detach(), a, b);
    }
}
