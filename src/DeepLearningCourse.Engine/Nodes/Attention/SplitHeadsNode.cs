namespace DeepLearningCourse.Engine;

/// <summary>
/// Splits the features into attention heads and moves the heads next to the batch:
/// x [B, T, heads·dh] → [B·heads, T, dh], item b·heads + h holding head h of batch item b. The same as
/// <c>x.Reshape(B, T, heads, dh).Transpose(1, 2).Reshape(B·heads, T, dh)</c> in one copy.
/// Backward is the inverse move (<see cref="MergeHeadsNode"/>).
/// </summary>
public sealed class SplitHeadsNode(int heads) : Node
{
    /// <summary>Number of heads.</summary>
    public int Heads { get; } = heads;

    public override string OpName => $"SplitHeads({Heads})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        NodeArgs.Rank(this, x, 3, "x", "[batch, time, heads·headSize]");
        if (Heads <= 0 || x.Shape[2] % Heads != 0)
            throw new ShapeException($"{OpName}: x is {Tensor.ShapeText(x.Shape)}; its last axis {x.Shape[2]} must split evenly into {Heads} heads. Choose a model size divisible by the number of heads.");
        int b = x.Shape[0], t = x.Shape[1], dh = x.Shape[2] / Heads;
        return new Tensor(HeadMove.Split(x.Data, b, t, Heads, dh), b * Heads, t, dh);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int bh = gradOutput.Shape[0], t = gradOutput.Shape[1], dh = gradOutput.Shape[2], b = bh / Heads;
        return [new Tensor(HeadMove.Merge(gradOutput.Data, b, t, Heads, dh), b, t, Heads * dh)];
    }
}

/// <summary>The two index moves between [B, T, heads·dh] and [B·heads, T, dh].</summary>
internal static class HeadMove
{
    public static float[] Split(float[] x, int b, int t, int heads, int dh)
    {
        var y = TensorMemory.Zeroed(x.Length);
        for (int i = 0; i < b; i++)
            for (int s = 0; s < t; s++)
                for (int h = 0; h < heads; h++)
                    x.AsSpan(((i * t + s) * heads + h) * dh, dh).CopyTo(y.AsSpan(((i * heads + h) * t + s) * dh, dh));
        return y;
    }

    public static float[] Merge(float[] y, int b, int t, int heads, int dh)
    {
        var x = TensorMemory.Zeroed(y.Length);
        for (int i = 0; i < b; i++)
            for (int s = 0; s < t; s++)
                for (int h = 0; h < heads; h++)
                    y.AsSpan(((i * heads + h) * t + s) * dh, dh).CopyTo(x.AsSpan(((i * t + s) * heads + h) * dh, dh));
        return x;
    }
}
