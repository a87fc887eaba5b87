namespace DeepLearningCourse.Engine;

/// <summary>
/// One Transformer encoder block, <b>pre-LN</b> (layer norm before each sub-layer, as in GPT-2 and PyTorch's
/// <c>norm_first=True</c>; it trains stably without learning-rate warm-up, Xiong et al. 2020):
/// <code>
/// x = x + MultiHeadAttention(LayerNorm₁(x))       self-attention, optional causal and padding masks
/// x = x + MLP(LayerNorm₂(x))                       MLP = Linear(dModel → hidden), GELU, Linear(hidden → dModel)
/// </code>
/// Shapes: x [B, T, dModel] (+ optional padding mask [B, Tk = T]) → [B, T, dModel]. No dropout (add it around the
/// sub-layers if a course exercise needs it). GELU (tanh form, as in BERT/GPT-2) rather than the paper's ReLU: it is
/// smooth, so gradient checks of the whole block are exact rather than tripped by ReLU's kink. The original paper's post-LN order would be
/// x = LayerNorm(x + SubLayer(x)).
/// </summary>
public sealed class TransformerEncoderBlock : Module
{
    public TransformerEncoderBlock(int modelDim, int heads, int hiddenDim, Random random, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (hiddenDim <= 0)
            throw new ArgumentException($"TransformerEncoderBlock: the MLP hidden size must be positive, got {hiddenDim}.");
        (ModelDim, HiddenDim) = (modelDim, hiddenDim);
        AttentionNorm = AddModule("norm1", new LayerNorm(modelDim));
        Attention = AddModule("attention", new MultiHeadAttention(modelDim, heads, random, causal));
        MlpNorm = AddModule("norm2", new LayerNorm(modelDim));
        MlpIn = AddModule("mlp_in", AttentionInit.GlorotLinear(modelDim, hiddenDim, random, bias: true));
        MlpOut = AddModule("mlp_out", AttentionInit.GlorotLinear(hiddenDim, modelDim, random, bias: true));
    }

    public int ModelDim { get; }

    public int HiddenDim { get; }

    public LayerNorm AttentionNorm { get; }

    public MultiHeadAttention Attention { get; }

    public LayerNorm MlpNorm { get; }

    /// <summary>Linear(dModel → hidden), followed by GELU.</summary>
    public Linear MlpIn { get; }

    /// <summary>Linear(hidden → dModel).</summary>
    public Linear MlpOut { get; }

    /// <summary>True: position i attends only to positions 0..i.</summary>
    public bool Causal
    {
        get => Attention.Causal;
        set => Attention.Causal = value;
    }

    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>x [B, T, dModel] with an optional padding mask [B, T] (1 = token, 0 = padding).</summary>
    public Tensor Forward(Tensor input, Tensor? paddingMask)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != ModelDim)
            throw new ShapeException($"{Describe()}: input has shape {Tensor.ShapeText(input.Shape)} but must be [batch, time, {ModelDim}].");
        Tensor normed = AttentionNorm.Forward(input);
        Tensor x = input + Attention.Forward(normed, normed, normed, paddingMask);
        return x + MlpOut.Forward(MlpIn.Forward(MlpNorm.Forward(x)).Gelu());
    }

    public override string Describe() => $"TransformerEncoderBlock({ModelDim}, {Attention.Heads} heads, MLP {HiddenDim}, pre-LN{(Causal ? ", causal" : "")})";
}
