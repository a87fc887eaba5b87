namespace DeepLearningCourse.Engine.Tests;

public class MultiHeadAttentionNodeTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Theory]
    [InlineData(2, 3, 5, 4, 3, 2, false, false)]
    [InlineData(2, 4, 4, 3, 3, 3, true, false)]
    [InlineData(3, 5, 6, 2, 4, 5, false, true)]
    [InlineData(32, 17, 17, 4, 16, 16, false, false)] // enough (batch, head) items to split between threads
    [InlineData(32, 17, 17, 4, 16, 16, true, true)]
    public void Equals_split_attention_merge_bit_for_bit_in_values_weights_and_gradients(int batch, int tq, int tk, int heads, int d, int dv, bool causal, bool padding)
    {
        Tensor q = R(1, batch, tq, heads * d), k = R(2, batch, tk, heads * d), v = R(3, batch, tk, heads * dv), upstream = R(4, batch, tq, heads * dv);
        var maskValues = new float[batch * tk];
        for (int i = 0; i < maskValues.Length; i++) maskValues[i] = padding && i % 5 == 2 ? 0 : 1;
        var mask = Tensor.FromArray(maskValues, batch, tk);

        var fused = new MultiHeadAttentionNode(heads, causal);
        Tensor y = padding ? fused.Forward(q, k, v, mask) : fused.Forward(q, k, v);
        var grads = fused.Backward(upstream);

        // The readable composite: split each input into heads, attend per (batch, head) item, merge the outputs.
        var splitQ = new SplitHeadsNode(heads);
        var splitK = new SplitHeadsNode(heads);
        var splitV = new SplitHeadsNode(heads);
        var attention = new ScaledDotProductAttentionNode(causal);
        var merge = new MergeHeadsNode(heads);
        Tensor qh = splitQ.Forward(q), kh = splitK.Forward(k), vh = splitV.Forward(v);
        Tensor heads3 = padding ? attention.Forward(qh, kh, vh, RepeatPerHead(mask, heads)) : attention.Forward(qh, kh, vh);
        Tensor expected = merge.Forward(heads3);
        var headGrads = attention.Backward(merge.Backward(upstream)[0]!);

        Assert.Equal(expected.Shape, y.Shape);
        Assert.Equal(expected.Data, y.Data);
        Assert.Equal([batch, heads, tq, tk], fused.Weights!.Shape);
        Assert.Equal(attention.Weights!.Data, fused.Weights.Data);
        Assert.Equal(grads.Length, padding ? 4 : 3);
        Assert.Equal(splitQ.Backward(headGrads[0]!)[0]!.Data, grads[0]!.Data);
        Assert.Equal(splitK.Backward(headGrads[1]!)[0]!.Data, grads[1]!.Data);
        Assert.Equal(splitV.Backward(headGrads[2]!)[0]!.Data, grads[2]!.Data);
    }

    private static Tensor RepeatPerHead(Tensor mask, int heads)
    {
        int batch = mask.Shape[0], keys = mask.Shape[1];
        var repeated = new float[batch * heads * keys];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++) mask.Data.AsSpan(b * keys, keys).CopyTo(repeated.AsSpan((b * heads + h) * keys, keys));
        return Tensor.FromArray(repeated, batch * heads, keys);
    }

    [Fact]
    public void Gradient_checks_fan_out_and_repeatability()
    {
        NodeTestKit.AssertGradientsMatch(() => new MultiHeadAttentionNode(2), [R(5, 2, 3, 4), R(6, 2, 5, 4), R(7, 2, 5, 6)]);
        NodeTestKit.AssertGradientsMatch(() => new MultiHeadAttentionNode(3, causal: true), [R(8, 1, 4, 6), R(9, 1, 4, 6), R(10, 1, 4, 3)]);
        var mask = Tensor.FromArray([1f, 0, 1, 1, 1, 1, 1, 0], 2, 4);
        NodeTestKit.AssertGradientsMatch(() => new MultiHeadAttentionNode(2), [R(11, 2, 3, 4), R(12, 2, 4, 4), R(13, 2, 4, 2), mask], skipInputs: [3]);
        NodeTestKit.AssertFanOutDoublesGradient(x => new MultiHeadAttentionNode(2).Apply(x, x, x), R(14, 2, 3, 4));

        Tensor q = R(15, 32, 64, 64);
        Assert.Equal(new MultiHeadAttentionNode(4).Forward(q, q, q).Data, new MultiHeadAttentionNode(4).Forward(q, q, q).Data);
    }

    [Fact]
    public void Wrong_shapes_name_the_op_the_shapes_and_the_fix()
    {
        var node = new MultiHeadAttentionNode(4);
        var heads = Assert.Throws<ShapeException>(() => node.Forward(Tensor.Zeros(2, 3, 6), Tensor.Zeros(2, 3, 6), Tensor.Zeros(2, 3, 8)));
        Assert.Equal("MultiHeadAttention(4 heads): Q is [2, 3, 6] and V is [2, 3, 8]; their feature axes must be positive multiples of the 4 heads.", heads.Message);
        var keys = Assert.Throws<ShapeException>(() => node.Forward(Tensor.Zeros(2, 3, 8), Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3, 8)));
        Assert.Contains("K must be [batch, Tk, heads·d] = [2, Tk, 8]", keys.Message);
        var mask = Assert.Throws<ShapeException>(() => node.Forward(Tensor.Zeros(2, 3, 8), Tensor.Zeros(2, 5, 8), Tensor.Zeros(2, 5, 8), Tensor.Ones(2, 3)));
        Assert.Equal("MultiHeadAttention(4 heads): the padding mask is [2, 3] but K is [2, 5, 8]; the mask must be [batch, Tk] = [2, 5] (1 = attend, 0 = padding).", mask.Message);
    }
}
