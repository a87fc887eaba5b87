namespace DeepLearningCourse.Engine;

// Sequence operations: batch-first sequences [batch, time, features], embeddings and attention.
public sealed partial class Tensor
{
    /// <summary>Rows of <paramref name="table"/> [vocab, dim] picked by this tensor of indices (see <see cref="EmbeddingNode"/>).</summary>
    public Tensor EmbeddingLookup(Tensor table) => new EmbeddingNode().Apply(this, table);

    /// <summary>Time step <paramref name="step"/> of a sequence [B, T, F] as [B, F] (see <see cref="TimeStepNode"/>).</summary>
    public Tensor TimeStep(int step) => new TimeStepNode(step).Apply(this);

    /// <summary>Stacks per-step tensors [B, F] into a sequence [B, T, F] (see <see cref="StackStepsNode"/>).</summary>
    public static Tensor StackSteps(params Tensor[] steps) => new StackStepsNode().Apply(steps);

    /// <summary>GELU (tanh form), the Transformer MLP activation (see <see cref="GeluNode"/>).</summary>
    public Tensor Gelu() => new GeluNode().Apply(this);

    /// <summary>
    /// softmax(Q·Kᵀ/√d)·V with optional padding mask [B, Tk] and causal mask (see <see cref="ScaledDotProductAttentionNode"/>).
    /// </summary>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? paddingMask = null, bool causal = false)
    {
        var node = new ScaledDotProductAttentionNode(causal);
        return paddingMask is null ? node.Apply(query, key, value) : node.Apply(query, key, value, paddingMask);
    }
}
