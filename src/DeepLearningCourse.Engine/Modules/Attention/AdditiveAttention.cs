namespace DeepLearningCourse.Engine;

/// <summary>
/// Additive (Bahdanau) attention for encoder–decoder models (Bahdanau, Cho &amp; Bengio 2015):
/// <code>
/// score(q_i, k_j) = vᵀ tanh(W_q q_i + W_k k_j)
/// a_i = softmax_j(score(q_i, k_j))     (padded keys masked out)
/// context_i = Σ_j a_ij v_j
/// </code>
/// Shapes: queries [B, Tq, queryDim] (a decoder state per step), or one decoder state [B, queryDim] giving one
/// context [B, dv]; keys [B, Tk, keyDim] and
/// values [B, Tk, dv] (usually the encoder states, keys = values), optional padding mask [B, Tk]
/// → contexts [B, Tq, dv]. W_q [queryDim, A] and W_k [keyDim, A] are <see cref="Linear"/> layers without bias,
/// v [A]. <see cref="LastWeights"/> [B, Tq, Tk] holds the alignment of the last call (the classic heatmap).
/// Nodes: <see cref="AdditiveScoreNode"/>, <see cref="MaskedSoftmaxNode"/>, batched MatMul.
/// </summary>
public sealed class AdditiveAttention : Module
{
    public AdditiveAttention(int queryDim, int keyDim, int attentionDim, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (queryDim <= 0 || keyDim <= 0 || attentionDim <= 0)
            throw new ArgumentException($"AdditiveAttention: sizes must be positive, got query {queryDim}, key {keyDim}, attention {attentionDim}.");
        (QueryDim, KeyDim, AttentionDim) = (queryDim, keyDim, attentionDim);
        QueryProjection = AddModule("query", AttentionInit.GlorotLinear(queryDim, attentionDim, random, bias: false));
        KeyProjection = AddModule("key", AttentionInit.GlorotLinear(keyDim, attentionDim, random, bias: false));
        float bound = 1f / MathF.Sqrt(attentionDim);
        ScoreVector = AddParameter("v", Tensor.Uniform(random, -bound, bound, attentionDim));
    }

    public int QueryDim { get; }

    public int KeyDim { get; }

    public int AttentionDim { get; }

    /// <summary>W_q: queryDim → attentionDim.</summary>
    public Linear QueryProjection { get; }

    /// <summary>W_k: keyDim → attentionDim.</summary>
    public Linear KeyProjection { get; }

    /// <summary>v [attentionDim].</summary>
    public Tensor ScoreVector { get; }

    /// <summary>Attention weights [B, Tq, Tk] of the last call.</summary>
    public Tensor? LastWeights { get; private set; }

    /// <summary>Self-attention: queries = keys = values = input (needs queryDim = keyDim).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input, input);

    /// <summary>Contexts [B, Tq, dv] for the queries over the keys/values.</summary>
    public Tensor Forward(Tensor queries, Tensor keys, Tensor values, Tensor? paddingMask = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (queries.Rank == 2)
        {
            Tensor context = Forward(queries.Reshape(queries.Shape[0], 1, queries.Shape[1]), keys, values, paddingMask);
            return context.Reshape(context.Shape[0], context.Shape[2]);
        }
        if (queries.Rank != 3 || keys.Rank != 3 || values.Rank != 3 || keys.Shape[0] != queries.Shape[0]
            || values.Shape[0] != keys.Shape[0] || values.Shape[1] != keys.Shape[1])
            throw new ShapeException($"{Describe()}: queries {Tensor.ShapeText(queries.Shape)}, keys {Tensor.ShapeText(keys.Shape)}, values {Tensor.ShapeText(values.Shape)} do not fit; use queries [batch, Tq, {QueryDim}], keys [batch, Tk, {KeyDim}], values [batch, Tk, dv].");
        Tensor scores = new AdditiveScoreNode().Apply(QueryProjection.Forward(queries), KeyProjection.Forward(keys), ScoreVector);
        var softmax = new MaskedSoftmaxNode();
        Tensor weights = paddingMask is null ? softmax.Apply(scores) : softmax.Apply(scores, paddingMask);
        LastWeights = weights;
        return weights.MatMul(values);
    }

    public override string Describe() => $"AdditiveAttention(query {QueryDim}, key {KeyDim} → {AttentionDim})";
}
