namespace DeepLearningCourse.Engine;

/// <summary>Initialisation shared by the attention layers.</summary>
internal static class AttentionInit
{
    /// <summary>A <see cref="Linear"/> whose weight is re-drawn Glorot/Xavier-uniform, U(±√(6/(in+out))), as PyTorch's
    /// nn.MultiheadAttention does for its projections; bias 0.</summary>
    public static Linear GlorotLinear(int inFeatures, int outFeatures, Random random, bool bias)
    {
        var linear = new Linear(inFeatures, outFeatures, random, bias);
        float bound = MathF.Sqrt(6f / (inFeatures + outFeatures));
        float[] w = linear.Weight.Data;
        for (int i = 0; i < w.Length; i++) w[i] = -bound + 2 * bound * (float)random.NextDouble();
        return linear;
    }
}
