namespace DeepLearningCourse.Engine;

/// <summary>Input and mask checks shared by the attention nodes.</summary>
internal static class AttentionShapes
{
    /// <summary>(Q, K, V, mask) from a node's inputs: Q, K, V and an optional padding mask.</summary>
    public static (Tensor Q, Tensor K, Tensor V, Tensor? Mask) Inputs(Node node, Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length is not (3 or 4))
            throw new ArgumentException($"{node.OpName}: expected Q, K, V and an optional padding mask but got {inputs.Length} input(s).");
        return (inputs[0], inputs[1], inputs[2], inputs.Length == 4 ? inputs[3] : null);
    }

    /// <summary>Throws unless the padding mask is [batch, Tk].</summary>
    public static void CheckPaddingMask(Node node, Tensor? mask, int batch, int keys, Tensor keysLike, string keysName)
    {
        if (mask is not null && (mask.Rank != 2 || mask.Shape[0] != batch || mask.Shape[1] != keys))
            throw new ShapeException($"{node.OpName}: the padding mask is {Tensor.ShapeText(mask.Shape)} but {keysName} is {Tensor.ShapeText(keysLike.Shape)}; the mask must be [batch, Tk] = [{batch}, {keys}] (1 = attend, 0 = padding).");
    }
}
