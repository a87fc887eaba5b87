namespace DeepLearningCourse.Engine;

/// <summary>
/// Keeps the first (batch) axis and joins all others: x [N, d1, d2, ...] → y [N, d1·d2·...], e.g. the feature maps
/// [N, C, H, W] of a ConvNet become rows [N, C·H·W] for a <see cref="Linear"/> layer. Values keep their row-major
/// order (channel, then row, then column), as <c>torch.flatten(x, 1)</c>. Backward reshapes the gradient back. Both copy the values (no shared storage).
/// </summary>
public sealed class FlattenNode : Node
{
    private int[]? _inputShape;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        if (x.Rank < 1)
            throw new ShapeException($"{OpName}: input is a scalar {Tensor.ShapeText(x.Shape)}; it needs a batch axis [N, ...].");
        _inputShape = x.Shape;
        int batch = x.Shape[0];
        int rest = batch == 0 ? (int)Tensor.ShapeSize(x.Shape.AsSpan(1)) : x.Size / batch;
        return new Tensor(TensorMemory.CopyOf(x.Data), batch, rest);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        int[] shape = NodeArgs.Saved(this, _inputShape);
        return [new Tensor(gradOutput.ToArray(), shape)];
    }
}
