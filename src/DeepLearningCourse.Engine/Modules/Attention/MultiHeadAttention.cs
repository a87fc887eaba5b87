namespace DeepLearningCourse.Engine;

/// <summary>
/// Multi-head attention (Vaswani et al. 2017):
/// <code>
/// Q = query·W_q + b_q, K = key·W_k + b_k, V = value·W_v + b_v           [B, T, dModel]
/// split each into heads: [B, T, heads·dh] → [B·heads, T, dh]             (dh = dModel / heads)
/// head outputs = softmax(Q·Kᵀ/√dh + mask)·V                             [B·heads, Tq, dh]
/// merge heads → [B, Tq, dModel], then output·W_o + b_o
/// </code>
/// Shapes: query [B, Tq, dModel], key and value [B, Tk, dModel], optional padding mask [B, Tk] → [B, Tq, dModel].
/// Projections are <see cref="Linear"/> layers ([dModel, dModel], Glorot-uniform like PyTorch); split, per-head
/// attention and merge run as one <see cref="MultiHeadAttentionNode"/> (the same bits as <see cref="SplitHeadsNode"/> →
/// <see cref="ScaledDotProductAttentionNode"/> → <see cref="MergeHeadsNode"/>, without the full-size copies).
/// Attention weights of the last call: <see cref="LastWeights"/> [B, heads, Tq, Tk].
/// </summary>
public sealed class MultiHeadAttention : Module
{
    public MultiHeadAttention(int modelDim, int heads, Random random, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (modelDim <= 0 || heads <= 0 || modelDim % heads != 0)
            throw new ArgumentException($"MultiHeadAttention: model size {modelDim} must be positive and divisible by the number of heads {heads}.");
        (ModelDim, Heads, Causal) = (modelDim, heads, causal);
        QueryProjection = AddModule("query", AttentionInit.GlorotLinear(modelDim, modelDim, random, bias: true));
        KeyProjection = AddModule("key", AttentionInit.GlorotLinear(modelDim, modelDim, random, bias: true));
        ValueProjection = AddModule("value", AttentionInit.GlorotLinear(modelDim, modelDim, random, bias: true));
        OutputProjection = AddModule("output", AttentionInit.GlorotLinear(modelDim, modelDim, random, bias: true));
    }

    public int ModelDim { get; }

    public int Heads { get; }

    /// <summary>dModel / heads.</summary>
    public int HeadDim => ModelDim / Heads;

    /// <summary>True: query i attends only to keys 0..i.</summary>
    public bool Causal { get; set; }

    public Linear QueryProjection { get; }

    public Linear KeyProjection { get; }

    public Linear ValueProjection { get; }

    public Linear OutputProjection { get; }

    /// <summary>Attention weights [B, heads, Tq, Tk] of the last call.</summary>
    public Tensor? LastWeights { get; private set; }

    /// <summary>Self-attention over x [B, T, dModel].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input, input);

    /// <summary>Attention from query [B, Tq, dModel] over key/value [B, Tk, dModel].</summary>
    public Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? paddingMask = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var (t, name) in new[] { (query, "query"), (key, "key"), (value, "value") })
        {
            if (t.Rank != 3 || t.Shape[2] != ModelDim)
                throw new ShapeException($"{Describe()}: {name} has shape {Tensor.ShapeText(t.Shape)} but must be [batch, time, {ModelDim}].");
        }
        if (paddingMask is not null) CheckPaddingMask(paddingMask, query.Shape[0], key);
        Tensor q = QueryProjection.Forward(query), k = KeyProjection.Forward(key), v = ValueProjection.Forward(value);
        var attention = new MultiHeadAttentionNode(Heads, Causal);
        Tensor heads = paddingMask is null ? attention.Apply(q, k, v) : attention.Apply(q, k, v, paddingMask);
        LastWeights = attention.Weights;
        return OutputProjection.Forward(heads);
    }

    public override string Describe() => $"MultiHeadAttention({ModelDim}, {Heads} heads{(Causal ? ", causal" : "")})";

    private void CheckPaddingMask(Tensor mask, int batch, Tensor key)
    {
        if (mask.Rank != 2 || mask.Shape[0] != batch || mask.Shape[1] != key.Shape[1])
            throw new ShapeException($"{Describe()}: the padding mask is {Tensor.ShapeText(mask.Shape)} but key is {Tensor.ShapeText(key.Shape)}; the mask must be [batch, Tk] = [{batch}, {key.Shape[1]}] (1 = attend, 0 = padding).");
    }
}
