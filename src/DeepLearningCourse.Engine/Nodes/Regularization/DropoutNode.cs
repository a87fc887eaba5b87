namespace DeepLearningCourse.Engine;

/// <summary>
/// Inverted dropout (training only): each value is kept with probability 1 − p and scaled by 1 / (1 − p), or set to
/// zero with probability p, so the expected output equals the input and nothing needs rescaling at evaluation time.
/// <code>mask_i = (u_i ≥ p) / (1 − p),  u_i ~ Uniform[0, 1)      y = x ⊙ mask      dx = dy ⊙ mask</code>
/// Any shape. The mask is drawn from the given <see cref="Random"/> in Forward and kept in <see cref="Mask"/> for
/// Backward (one node per call, so using dropout twice draws two masks). At evaluation time do not apply this
/// node at all: the <see cref="Dropout"/> layer is the identity in Eval mode.
/// </summary>
public sealed class DropoutNode : Node
{
    private readonly Random _random;

    public DropoutNode(float p, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p is the probability of dropping a value and must be in [0, 1].");
        P = p;
        _random = random;
    }

    /// <summary>Probability of dropping each value.</summary>
    public float P { get; }

    /// <summary>The mask drawn by Forward: 0 for dropped values, 1 / (1 − p) for kept ones; null before Forward.</summary>
    public Tensor? Mask { get; private set; }

    public override string OpName => "Dropout";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        float keepScale = P >= 1f ? 0f : 1f / (1f - P);
        var mask = TensorMemory.Zeroed(x.Size);
        var y = TensorMemory.Zeroed(x.Size);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = _random.NextDouble() >= P ? keepScale : 0f;
            y[i] = x.Data[i] * mask[i];
        }
        Mask = new Tensor(mask, x.Shape);
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        Tensor mask = NodeArgs.Saved(this, Mask);
        if (!gradOutput.SameShape(mask))
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the input was {Tensor.ShapeText(mask.Shape)}.");
        var dx = TensorMemory.Zeroed(mask.Size);
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradOutput.Data, mask.Data, dx);
        return [new Tensor(dx, mask.Shape)];
    }

    public override void ReleaseSavedState()
    {
        Mask = null;
        base.ReleaseSavedState();
    }
}
