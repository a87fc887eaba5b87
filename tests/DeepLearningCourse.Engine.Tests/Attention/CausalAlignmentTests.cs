namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// A causal mask with more queries than keys (Tq &gt; Tk, e.g. a decoder attending to a shorter memory) is aligned
/// top-left as in PyTorch's <c>is_causal</c>: query i sees keys 0..min(i, Tk − 1). It used to index past the end of
/// the score row and throw an ArgumentOutOfRangeException from inside the softmax.
/// </summary>
public class CausalAlignmentTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void Masked_softmax_with_more_queries_than_keys_sees_the_first_i_plus_one_keys()
    {
        var scores = Tensor.Zeros(1, 4, 2);
        var weights = new MaskedSoftmaxNode(causal: true).Forward(scores);
        NodeTestKit.AssertValues(weights, [1, 4, 2], [1, 0, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f]);
        NodeTestKit.AssertGradientsMatch(() => new MaskedSoftmaxNode(causal: true), [R(1, 2, 5, 3)]);
    }

    [Fact]
    public void Attention_with_more_queries_than_keys_equals_the_unmasked_rows_after_the_first_key_count()
    {
        Tensor q = R(2, 2, 5, 4), k = R(3, 2, 3, 4), v = R(4, 2, 3, 2);
        var causal = Tensor.ScaledDotProductAttention(q, k, v, causal: true);
        var full = Tensor.ScaledDotProductAttention(q, k, v);
        Assert.Equal([2, 5, 2], causal.Shape);
        for (int b = 0; b < 2; b++)
        {
            // Query 0 sees key 0 only: its output is V[b, 0].
            Assert.Equal(v[b, 0, 0], causal[b, 0, 0], 5);
            Assert.Equal(v[b, 0, 1], causal[b, 0, 1], 5);
            // Queries 2, 3, 4 see all three keys: same as no mask.
            for (int i = 2; i < 5; i++)
            {
                for (int j = 0; j < 2; j++) Assert.Equal(full[b, i, j], causal[b, i, j], 5);
            }
        }
        NodeTestKit.AssertGradientsMatch(() => new ScaledDotProductAttentionNode(causal: true), [R(5, 2, 5, 4), R(6, 2, 3, 4), R(7, 2, 3, 2)]);
    }

    [Fact]
    public void Fewer_queries_than_keys_still_sees_keys_up_to_its_own_index()
    {
        var weights = new MaskedSoftmaxNode(causal: true).Forward(Tensor.Zeros(1, 2, 4));
        NodeTestKit.AssertValues(weights, [1, 2, 4], [1, 0, 0, 0, 0.5f, 0.5f, 0, 0]);
    }
}
