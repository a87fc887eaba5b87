namespace DeepLearningCourse.Engine;

/// <summary>
/// Joins per-step tensors into a batch-first sequence: T tensors h_t [B, F] → [B, T, F]
/// (PyTorch: <c>torch.stack(hs, dim=1)</c>). Backward hands each step its slice of the gradient.
/// </summary>
public sealed class StackStepsNode : Node
{
    private int _batch, _steps, _features;

    public override Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException($"{OpName}: needs at least one step to stack.", nameof(inputs));
        NodeArgs.Rank(this, inputs[0], 2, "step 0", "[batch, features]");
        int b = inputs[0].Shape[0], f = inputs[0].Shape[1], t = inputs.Length;
        for (int s = 1; s < t; s++)
        {
            if (!inputs[s].SameShape(inputs[0]))
                throw new ShapeException($"{OpName}: step {s} has shape {Tensor.ShapeText(inputs[s].Shape)} but step 0 has {Tensor.ShapeText(inputs[0].Shape)}; every step must be [batch, features] of the same size.");
        }
        var y = TensorMemory.Zeroed(b * t * f);
        for (int s = 0; s < t; s++)
        {
            float[] step = inputs[s].Data;
            for (int i = 0; i < b; i++) step.AsSpan(i * f, f).CopyTo(y.AsSpan((i * t + s) * f, f));
        }
        (_batch, _steps, _features) = (b, t, f);
        return new Tensor(y, b, t, f);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int b = _batch, t = _steps, f = _features;
        var grads = new Tensor?[t];
        for (int s = 0; s < t; s++)
        {
            if (!NeedsGradient(s)) continue;
            var g = TensorMemory.Zeroed(b * f);
            for (int i = 0; i < b; i++) gradOutput.Data.AsSpan((i * t + s) * f, f).CopyTo(g.AsSpan(i * f, f));
            grads[s] = new Tensor(g, b, f);
        }
        return grads;
    }
}
