namespace DeepLearningCourse.Engine;

/// <summary>
/// Puts attention heads back side by side: [B·heads, T, dh] → [B, T, heads·dh] (the inverse of
/// <see cref="SplitHeadsNode"/>; PyTorch: <c>y.Reshape(B, heads, T, dh).Transpose(1, 2).Reshape(B, T, heads·dh)</c>).
/// Backward splits the gradient again.
/// </summary>
public sealed class MergeHeadsNode(int heads) : Node
{
    /// <summary>Number of heads.</summary>
    public int Heads { get; } = heads;

    public override string OpName => $"MergeHeads({Heads})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor y = inputs[0];
        NodeArgs.Rank(this, y, 3, "y", "[batch·heads, time, headSize]");
        if (Heads <= 0 || y.Shape[0] % Heads != 0)
            throw new ShapeException($"{OpName}: y is {Tensor.ShapeText(y.Shape)}; its first axis {y.Shape[0]} must be batch·heads, a multiple of {Heads}.");
        int b = y.Shape[0] / Heads, t = y.Shape[1], dh = y.Shape[2];
        return new Tensor(HeadMove.Merge(y.Data, b, t, Heads, dh), b, t, Heads * dh);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int b = gradOutput.Shape[0], t = gradOutput.Shape[1], dh = gradOutput.Shape[2] / Heads;
        return [new Tensor(HeadMove.Split(gradOutput.Data, b, t, Heads, dh), b * Heads, t, dh)];
    }
}
