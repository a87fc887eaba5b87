namespace DeepLearningCourse.Engine;

/// <summary>
/// A learned lookup table: token indices → vectors.
/// Shapes: indices [N] or [B, T] (whole numbers as floats, 0..vocabSize−1) → [N, dim] or [B, T, dim];
/// Weight [vocabSize, dim], initialised N(0, 1) like PyTorch's nn.Embedding.
/// </summary>
public sealed class Embedding : Module
{
    public Embedding(int vocabSize, int dim, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (vocabSize <= 0 || dim <= 0)
            throw new ArgumentException($"Embedding: vocabulary size and dimension must be positive, got {vocabSize} and {dim}.");
        VocabSize = vocabSize;
        Dim = dim;
        Weight = AddParameter("Weight", Tensor.Normal(random, 0f, 1f, vocabSize, dim));
    }

    public int VocabSize { get; }

    public int Dim { get; }

    /// <summary>[vocabSize, dim]: row i is the vector of token i.</summary>
    public Tensor Weight { get; }

    public override Tensor Forward(Tensor input) => input.EmbeddingLookup(Weight);

    public override string Describe() => $"Embedding({VocabSize} × {Dim})";
}
