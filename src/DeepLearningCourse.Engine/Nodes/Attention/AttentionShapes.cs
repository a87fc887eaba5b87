namespace DeepLearningCourse.Engine;

/// <summary>Mask checks shared by the attention nodes.</summary>
internal static class AttentionShapes
{
    /// <summary>Throws unless the padding mask is [batch, Tk].</summary>
    public static void CheckPaddingMask(Node node, Tensor? mask, int batch, int keys, Tensor keysLike, string keysName)
    {
        if (mask is not null && (mask.Rank != 2 || mask.Shape[0] != batch || mask.Shape[1] != keys))
            throw new ShapeException($"{node.OpName}: the padding mask is {Tensor.ShapeText(mask.Shape)} but {keysName} is {Tensor.ShapeText(keysLike.Shape)}; the mask must be [batch, Tk] = [{batch}, {keys}] (1 = attend, 0 = padding).");
    }
}
