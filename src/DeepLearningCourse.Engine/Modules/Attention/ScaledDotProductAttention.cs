namespace DeepLearningCourse.Engine;

/// <summary>
/// Scaled dot-product attention as a layer without parameters: softmax(Q · Kᵀ / √d + mask) · V
/// (one fused <see cref="ScaledDotProductAttentionNode"/>).
/// Shapes: Q [B, Tq, d], K [B, Tk, d], V [B, Tk, dv], optional padding mask [B, Tk] (1 = attend, 0 = padding)
/// → [B, Tq, dv]. <see cref="LastWeights"/> [B, Tq, Tk] holds the attention weights of the last call, for heatmaps.
/// Forward(x) is self-attention (Q = K = V = x).
/// </summary>
public sealed class ScaledDotProductAttention(bool causal = false) : Module
{
    /// <summary>True: query i attends only to keys 0..i (for decoders and language models).</summary>
    public bool Causal { get; set; } = causal;

    /// <summary>Attention weights [B, Tq, Tk] of the last call (null before the first).</summary>
    public Tensor? LastWeights { get; private set; }

    public override Tensor Forward(Tensor input) => Forward(input, input, input);

    /// <summary>Attends from <paramref name="query"/> over <paramref name="key"/>/<paramref name="value"/>.</summary>
    public Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? paddingMask = null)
    {
        var node = new ScaledDotProductAttentionNode(Causal);
        Tensor y = paddingMask is null ? node.Apply(query, key, value) : node.Apply(query, key, value, paddingMask);
        LastWeights = node.Weights;
        return y;
    }

    public override string Describe() => Causal ? "ScaledDotProductAttention(causal)" : "ScaledDotProductAttention";
}
