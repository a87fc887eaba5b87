namespace DeepLearningCourse.Engine.Tests;

public class ScaledDotProductAttentionTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    /// <summary>The composite version with ordinary ops; masked scores get −10⁹ added.</summary>
    private static Tensor Composite(Tensor q, Tensor k, Tensor v, Tensor? additiveMask = null)
    {
        Tensor scores = q.MatMul(k.Transpose()) * (1f / MathF.Sqrt(q.Shape[2]));
        if (additiveMask is not null) scores += additiveMask;
        return scores.Softmax().MatMul(v);
    }

    [Fact]
    public void Known_answer_on_one_query_and_two_keys()
    {
        var q = Tensor.FromArray([1f, 0], 1, 1, 2);
        var k = Tensor.FromArray([1f, 0, 0, 1], 1, 2, 2);
        var v = Tensor.FromArray([1f, 2, 3, 4], 1, 2, 2);
        var node = new ScaledDotProductAttentionNode();
        var y = node.Forward(q, k, v);
        float a0 = MathF.Exp(1 / MathF.Sqrt(2)) / (MathF.Exp(1 / MathF.Sqrt(2)) + 1), a1 = 1 - a0;
        NodeTestKit.AssertValues(node.Weights!, [1, 1, 2], [a0, a1]);
        NodeTestKit.AssertValues(y, [1, 1, 2], [a0 * 1 + a1 * 3, a0 * 2 + a1 * 4]);
    }

    [Fact]
    public void Fused_node_equals_the_composite_in_values_and_gradients()
    {
        Tensor q = R(1, 2, 3, 4), k = R(2, 2, 5, 4), v = R(3, 2, 5, 3), upstream = R(4, 2, 3, 3);
        var fused = Tensor.ScaledDotProductAttention(q.WithGrad(), k.WithGrad(), v.WithGrad());
        (fused * upstream).Sum().Backward();
        var grads = new[] { q.Grad!.Clone(), k.Grad!.Clone(), v.Grad!.Clone() };
        q.ZeroGrad(); k.ZeroGrad(); v.ZeroGrad();
        var composite = Composite(q, k, v);
        (composite * upstream).Sum().Backward();
        Assert.True(fused.AllClose(composite, 1e-5f));
        Assert.True(grads[0].AllClose(q.Grad!, 1e-4f));
        Assert.True(grads[1].AllClose(k.Grad!, 1e-4f));
        Assert.True(grads[2].AllClose(v.Grad!, 1e-4f));
    }

    [Fact]
    public void Causal_mask_equals_the_composite_with_a_lower_triangular_mask()
    {
        Tensor q = R(1, 2, 4, 3), k = R(2, 2, 4, 3), v = R(3, 2, 4, 2);
        var additive = Tensor.Zeros(4, 4);
        for (int i = 0; i < 4; i++)
        {
            for (int j = i + 1; j < 4; j++) additive[i, j] = -1e9f;
        }
        Assert.True(Tensor.ScaledDotProductAttention(q, k, v, causal: true).AllClose(Composite(q, k, v, additive), 1e-5f));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Batch_split_between_threads_equals_item_by_item_bit_for_bit_and_the_composite(bool causal, bool padding)
    {
        // 40 items of Q [17, 33], K [19, 33], V [19, 21]: enough work for the node to split the batch between threads.
        const int batch = 40, tq = 17, tk = 19, d = 33, dv = 21;
        Tensor q = R(11, batch, tq, d), k = R(12, batch, tk, d), v = R(13, batch, tk, dv), upstream = R(14, batch, tq, dv);
        var maskValues = new float[batch * tk];
        for (int i = 0; i < maskValues.Length; i++) maskValues[i] = padding && i % 7 == 3 ? 0 : 1;
        var mask = Tensor.FromArray(maskValues, batch, tk);
        Tensor[] Run(Tensor qi, Tensor ki, Tensor vi, Tensor maski, Tensor upstreamI)
        {
            var node = new ScaledDotProductAttentionNode(causal);
            Tensor y = padding ? node.Forward(qi, ki, vi, maski) : node.Forward(qi, ki, vi);
            var grads = node.Backward(upstreamI);
            return [y, node.Weights!, grads[0]!, grads[1]!, grads[2]!];
        }
        var whole = Run(q, k, v, mask, upstream);
        for (int b = 0; b < batch; b += 13)
        {
            var one = Run(Item(q, b), Item(k, b), Item(v, b), Item(mask, b), Item(upstream, b));
            for (int r = 0; r < whole.Length; r++) Assert.Equal(Item(whole[r], b).Data, one[r].Data);
        }

        var additive = Tensor.Zeros(batch, tq, tk);
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < tq; i++)
                for (int j = 0; j < tk; j++)
                    if ((causal && j > i) || mask[b, j] == 0) additive[b, i, j] = -1e9f;
        Assert.True(whole[0].AllClose(Composite(q, k, v, additive), 1e-5f));
    }

    private static Tensor Item(Tensor t, int b)
    {
        int size = t.Size / t.Shape[0];
        return Tensor.FromArray(t.Data.AsSpan(b * size, size).ToArray(), [1, .. t.Shape.AsSpan(1)]);
    }

    [Fact]
    public void Gradient_checks_without_mask_with_padding_and_causal()
    {
        NodeTestKit.AssertGradientsMatch(() => new ScaledDotProductAttentionNode(), [R(1, 2, 3, 4), R(2, 2, 5, 4), R(3, 2, 5, 2)]);
        var mask = Tensor.FromArray([1f, 1, 1, 0, 0, 1, 1, 1, 1, 1], 2, 5);
        NodeTestKit.AssertGradientsMatch(() => new ScaledDotProductAttentionNode(), [R(4, 2, 3, 4), R(5, 2, 5, 4), R(6, 2, 5, 2), mask], skipInputs: [3]);
        NodeTestKit.AssertGradientsMatch(() => new ScaledDotProductAttentionNode(causal: true), [R(7, 2, 4, 3), R(8, 2, 4, 3), R(9, 2, 4, 3)]);
    }

    [Fact]
    public void Fan_out_self_attention_sums_the_three_uses()
    {
        NodeTestKit.AssertFanOutDoublesGradient(x => Tensor.ScaledDotProductAttention(x, x, x), R(1, 2, 3, 4));
        NodeTestKit.AssertGradientsMatch(xs => Tensor.ScaledDotProductAttention(xs[0], xs[0], xs[0], causal: true), R(2, 1, 4, 3));
    }

    [Fact]
    public void Causal_mask_really_blocks_the_future()
    {
        Tensor x = R(1, 2, 5, 3);
        var before = Tensor.ScaledDotProductAttention(x, x, x, causal: true);
        var changed = x.Clone();
        for (int b = 0; b < 2; b++)
        {
            for (int f = 0; f < 3; f++) changed[b, 3, f] += 10f;
        }
        var after = Tensor.ScaledDotProductAttention(changed, changed, changed, causal: true);
        for (int i = 0; i < 2 * 3 * 3; i++)
        {
            int b = i / 9, t = i / 3 % 3, f = i % 3; // positions 0..2 only
            Assert.Equal(before[b, t, f], after[b, t, f]);
        }
        Assert.NotEqual(before[0, 3, 0], after[0, 3, 0]);
    }

    [Fact]
    public void Padding_mask_gives_padded_keys_zero_weight_and_no_influence()
    {
        Tensor q = R(1, 2, 3, 4), k = R(2, 2, 4, 4), v = R(3, 2, 4, 2);
        var mask = Tensor.FromArray([1f, 1, 0, 0, 1, 1, 1, 1], 2, 4);
        var node = new ScaledDotProductAttentionNode();
        var y = node.Forward(q, k, v, mask);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(0f, node.Weights![0, i, 2]);
            Assert.Equal(0f, node.Weights[0, i, 3]);
            Assert.Equal(1f, node.Weights[0, i, 0] + node.Weights[0, i, 1], 5);
        }
        var grads = node.Backward(Tensor.Ones(2, 3, 2));
        Assert.Equal(4, grads.Length);
        Assert.Null(grads[3]);
        var v2 = v.Clone();
        v2[0, 3, 1] = 100f;
        var k2 = k.Clone();
        k2[0, 2, 0] = -50f;
        var y2 = new ScaledDotProductAttentionNode().Forward(q, k2, v2, mask);
        Assert.Equal(y.Data, y2.Data);
    }

    [Fact]
    public void Mask_builders_known_answers()
    {
        NodeTestKit.AssertValues(AttentionMask.FromLengths([3, 1], 4), [2, 4], [1, 1, 1, 0, 1, 0, 0, 0]);
        NodeTestKit.AssertValues(AttentionMask.Causal(3), [3, 3], [1, 0, 0, 1, 1, 0, 1, 1, 1]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AttentionMask.FromLengths([5], 4));
        Assert.Contains("sequence 0 has length 5, outside 0..4", ex.Message);
        // The causal weights are zero exactly where the causal pattern is 0.
        var node = new ScaledDotProductAttentionNode(causal: true);
        node.Forward(R(1, 1, 3, 2), R(2, 1, 3, 2), R(3, 1, 3, 2));
        var pattern = AttentionMask.Causal(3);
        for (int i = 0; i < 9; i++) Assert.Equal(pattern.Data[i] == 0, node.Weights!.Data[i] == 0);
    }

    [Fact]
    public void A_query_with_every_key_masked_gets_zero_weights_and_output()
    {
        var node = new ScaledDotProductAttentionNode();
        var y = node.Forward(R(1, 1, 2, 3), R(2, 1, 2, 3), R(3, 1, 2, 3), Tensor.Zeros(1, 2));
        Assert.All(y.Data, v => Assert.Equal(0f, v));
        Assert.All(node.Weights!.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Wrong_shapes_name_the_op_the_shapes_and_the_expected_layout()
    {
        var mask = Assert.Throws<ShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 4), Tensor.Zeros(2, 5, 4), Tensor.Zeros(2, 3)));
        Assert.Equal("ScaledDotProductAttention: the padding mask is [2, 3] but K is [2, 5, 4]; the mask must be [batch, Tk] = [2, 5] (1 = attend, 0 = padding).", mask.Message);
        var key = Assert.Throws<ShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 8), Tensor.Zeros(2, 5, 4)));
        Assert.Contains("Q is [2, 3, 4] but K is [2, 5, 8]", key.Message);
        var rank = Assert.Throws<ShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(3, 4), Tensor.Zeros(5, 4), Tensor.Zeros(5, 4)));
        Assert.Contains("rank 3", rank.Message);
    }

    [Fact]
    public void Masked_softmax_known_answer_gradient_check_and_fan_out()
    {
        var node = new MaskedSoftmaxNode(causal: true);
        var a = node.Forward(Tensor.FromArray([0f, 5, 5, 1, 1, 9], 1, 2, 3));
        NodeTestKit.AssertValues(a, [1, 2, 3], [1, 0, 0, 0.5f, 0.5f, 0]);
        NodeTestKit.AssertGradientsMatch(() => new MaskedSoftmaxNode(), [R(1, 2, 3, 4), Tensor.FromArray([1f, 0, 1, 1, 1, 1, 1, 0], 2, 4)], skipInputs: [1]);
        NodeTestKit.AssertGradientsMatch(() => new MaskedSoftmaxNode(causal: true), [R(2, 2, 4, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(s => new MaskedSoftmaxNode().Apply(s) * s, R(3, 2, 3, 4));
    }
}
