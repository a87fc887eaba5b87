namespace DeepLearningCourse.Engine;

/// <summary>
/// Picks one time step of a batch-first sequence: x [B, T, F] → x_t [B, F] (PyTorch: <c>x[:, t, :]</c>).
/// Backward: the gradient goes to step t; every other step gets zero. When x does not require gradients
/// (input data), Backward skips building that mostly-zero tensor.
/// </summary>
public sealed class TimeStepNode(int step) : Node
{
    private int[] _shape = [];

    /// <summary>The selected time step t.</summary>
    public int Step { get; } = step;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        NodeArgs.Rank(this, x, 3, "the sequence", "[batch, time, features]");
        int b = x.Shape[0], t = x.Shape[1], f = x.Shape[2];
        if (Step < 0 || Step >= t)
            throw new ArgumentOutOfRangeException(nameof(inputs), $"{OpName}: step {Step} is outside the sequence {Tensor.ShapeText(x.Shape)}, which has {t} time steps; use a step in 0..{t - 1}.");
        _shape = x.Shape;
        var y = TensorMemory.Zeroed(b * f);
        for (int i = 0; i < b; i++) x.Data.AsSpan((i * t + Step) * f, f).CopyTo(y.AsSpan(i * f, f));
        return new Tensor(y, b, f);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        if (!NeedsGradient(0)) return [null];
        int b = _shape[0], t = _shape[1], f = _shape[2];
        var dx = TensorMemory.Zeroed(b * t * f);
        for (int i = 0; i < b; i++) gradOutput.Data.AsSpan(i * f, f).CopyTo(dx.AsSpan((i * t + Step) * f, f));
        return [new Tensor(dx, _shape)];
    }
}
