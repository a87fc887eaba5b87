namespace DeepLearningCourse.Engine;

/// <summary>
/// Attention weights from scores: A = softmax(S + M) over the last axis, where the mask M is −∞ at padded keys
/// (padding mask [B, Tk], 0 = padding) and, with <c>causal</c>, at keys j &gt; i, and 0 elsewhere.
/// Shapes: S [B, Tq, Tk] (+ optional mask [B, Tk]) → A [B, Tq, Tk]; masked weights are exactly 0 and a row with every
/// key masked is all zeros. Backward (row-wise softmax): dS = A ⊙ (dA − Σ_j A ⊙ dA); the mask gets no gradient.
/// </summary>
public sealed class MaskedSoftmaxNode(bool causal = false) : Node
{
    private float[]? _weights;
    private int _inputCount;

    /// <summary>True: query i sees only keys 0..min(i, Tk − 1) (PyTorch's top-left <c>is_causal</c> alignment).</summary>
    public bool Causal { get; } = causal;

    public override string OpName => Causal ? "MaskedSoftmax(causal)" : "MaskedSoftmax";

    public override Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length is not (1 or 2))
            throw new ArgumentException($"{OpName}: expected scores and an optional padding mask but got {inputs.Length} input(s).");
        Tensor scores = inputs[0];
        Tensor? mask = inputs.Length == 2 ? inputs[1] : null;
        NodeArgs.Rank(this, scores, 3, "the scores", "[batch, Tq, Tk]");
        int batch = scores.Shape[0], tq = scores.Shape[1], tk = scores.Shape[2];
        AttentionShapes.CheckPaddingMask(this, mask, batch, tk, scores, "the scores");
        var a = TensorMemory.CopyOf(scores.Data);
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < tq; i++)
            {
                ScaledDotProductAttentionNode.MaskedSoftmax(a.AsSpan((b * tq + i) * tk, tk), 1f,
                    mask is null ? default : mask.Data.AsSpan(b * tk, tk), Causal ? Math.Min(i + 1, tk) : tk);
            }
        }
        (_weights, _inputCount) = (a, inputs.Length);
        return new Tensor(a, scores.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        float[] a = NodeArgs.Saved(this, _weights), g = gradOutput.Data;
        int tk = gradOutput.Shape[2];
        var ds = TensorMemory.Zeroed(a.Length);
        for (int row = 0; row < a.Length / tk; row++)
        {
            ReadOnlySpan<float> ar = a.AsSpan(row * tk, tk), gr = g.AsSpan(row * tk, tk);
            float dot = System.Numerics.Tensors.TensorPrimitives.Dot(ar, gr);
            for (int j = 0; j < tk; j++) ds[row * tk + j] = ar[j] * (gr[j] - dot);
        }
        var grads = new Tensor?[_inputCount];
        grads[0] = new Tensor(ds, gradOutput.Shape);
        return grads;
    }

    public override void ReleaseSavedState()
    {
        _weights = null;
        base.ReleaseSavedState();
    }
}
