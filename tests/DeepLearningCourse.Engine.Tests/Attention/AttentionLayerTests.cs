namespace DeepLearningCourse.Engine.Tests;

public class AttentionLayerTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    private static Tensor WeightedSum(Tensor y, int seed) => (y * R(seed, y.Shape)).Sum();

    private static void AssertModelGradients(Module model, Func<Tensor> loss)
    {
        var result = GradientCheck.CheckModel(model, loss);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Additive_score_known_answer_gradient_check_and_fan_out()
    {
        var s = new AdditiveScoreNode().Forward(Tensor.FromArray([0.5f], 1, 1, 1), Tensor.FromArray([0.25f, -0.5f], 1, 2, 1), Tensor.FromArray([2f]));
        NodeTestKit.AssertValues(s, [1, 1, 2], [2 * MathF.Tanh(0.75f), 0f]);
        NodeTestKit.AssertGradientsMatch(() => new AdditiveScoreNode(), [R(1, 2, 3, 4), R(2, 2, 5, 4), R(3, 4)]);
        Tensor v = R(4, 4);
        NodeTestKit.AssertFanOutDoublesGradient(x => new AdditiveScoreNode().Apply(x, x, v), R(5, 2, 3, 4));
    }

    [Fact]
    public void Additive_attention_weights_are_a_distribution_that_respects_padding_and_gradients_check()
    {
        var attention = new AdditiveAttention(3, 4, 5, new Random(1));
        Tensor queries = R(2, 2, 2, 3), encoder = R(3, 2, 4, 4);
        var mask = Tensor.FromArray([1f, 1, 1, 0, 1, 1, 1, 1], 2, 4);
        var context = attention.Forward(queries, encoder, encoder, mask);
        Assert.Equal([2, 2, 4], context.Shape);
        var w = attention.LastWeights!;
        Assert.Equal([2, 2, 4], w.Shape);
        Assert.Equal(0f, w[0, 1, 3]);
        Assert.Equal(1f, w[1, 0, 0] + w[1, 0, 1] + w[1, 0, 2] + w[1, 0, 3], 5);
        AssertModelGradients(attention, () => WeightedSum(attention.Forward(queries, encoder, encoder, mask), 9));

        // One decoder state [B, queryDim] gives one context [B, dv], equal to the Tq = 1 case.
        var state = R(10, 2, 3);
        var single = attention.Forward(state, encoder, encoder, mask);
        Assert.Equal([2, 4], single.Shape);
        var asSequence = attention.Forward(state.Reshape(2, 1, 3), encoder, encoder, mask);
        Assert.Equal(asSequence.Data, single.Data);
    }

    /// <summary>A GRU encoder read by Bahdanau attention from a GRU decoder step: the seq2seq wiring.</summary>
    private sealed class EncoderDecoderProbe : Module
    {
        private readonly GRU _encoder;
        private readonly GRUCell _decoder;
        private readonly AdditiveAttention _attention;

        public EncoderDecoderProbe(Random random)
        {
            _encoder = AddModule("encoder", new GRU(2, 3, random));
            _decoder = AddModule("decoder", new GRUCell(3, 3, random));
            _attention = AddModule("attention", new AdditiveAttention(3, 3, 4, random));
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor encoded = _encoder.Forward(input);                        // [B, Ts, 3]
            Tensor state = _encoder.LastRun!.Hidden[^1];                      // [B, 3]
            Tensor context = _attention.Forward(state, encoded, encoded);     // [B, 3]
            return _decoder.Step(context, state);                             // next decoder state
        }
    }

    [Fact]
    public void Encoder_decoder_with_additive_attention_passes_the_gradient_check()
    {
        var model = new EncoderDecoderProbe(new Random(4));
        var source = R(5, 2, 4, 2);
        AssertModelGradients(model, () => WeightedSum(model.Forward(source), 6));
    }

    [Fact]
    public void Split_and_merge_heads_equal_reshape_and_transpose_and_invert_each_other()
    {
        Tensor x = R(1, 2, 3, 6);
        var split = new SplitHeadsNode(3).Apply(x);
        var composite = x.Reshape(2, 3, 3, 2).Transpose(1, 2).Reshape(6, 3, 2);
        Assert.Equal(composite.Data, split.Data);
        Assert.Equal([6, 3, 2], split.Shape);
        Assert.Equal(x.Data, new MergeHeadsNode(3).Apply(split).Data);
        NodeTestKit.AssertGradientsMatch(() => new SplitHeadsNode(2), [R(2, 2, 3, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new MergeHeadsNode(2), [R(3, 4, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => new SplitHeadsNode(2).Apply(t), R(4, 1, 2, 4));
        NodeTestKit.AssertFanOutDoublesGradient(t => new MergeHeadsNode(2).Apply(t), R(5, 2, 2, 3));
        var ex = Assert.Throws<ShapeException>(() => new SplitHeadsNode(4).Apply(Tensor.Zeros(2, 3, 6)));
        Assert.StartsWith("SplitHeads(4): x is [2, 3, 6]", ex.Message);
    }

    [Fact]
    public void Multi_head_attention_with_one_head_equals_projections_around_plain_attention()
    {
        var mha = new MultiHeadAttention(4, 1, new Random(1));
        Tensor x = R(2, 2, 3, 4);
        var y = mha.Forward(x);
        var expected = mha.OutputProjection.Forward(Tensor.ScaledDotProductAttention(
            mha.QueryProjection.Forward(x), mha.KeyProjection.Forward(x), mha.ValueProjection.Forward(x)));
        Assert.True(y.AllClose(expected, 1e-5f));
        Assert.Equal([2, 1, 3, 3], mha.LastWeights!.Shape);
    }

    [Fact]
    public void Multi_head_attention_with_causal_and_padding_masks_passes_the_gradient_check()
    {
        var mha = new MultiHeadAttention(4, 2, new Random(3), causal: true);
        Tensor x = R(4, 2, 3, 4);
        var mask = Tensor.FromArray([1f, 1, 1, 1, 1, 0], 2, 3);
        AssertModelGradients(mha, () => WeightedSum(mha.Forward(x, x, x, mask), 5));
        NodeTestKit.AssertGradientsMatch(xs => mha.Forward(xs[0]), R(6, 1, 3, 4));
        var ex = Assert.Throws<ShapeException>(() => mha.Forward(x, x, x, Tensor.Ones(2, 4)));
        Assert.Contains("the padding mask is [2, 4] but key is [2, 3, 4]", ex.Message);
    }

    [Fact]
    public void Gelu_known_answer_gradient_check_and_fan_out()
    {
        var y = new GeluNode().Forward(Tensor.FromArray([0f, 1f, -1f, 3f]));
        // Reference values of PyTorch's gelu(x, approximate='tanh').
        NodeTestKit.AssertValues(y, [4], [0f, 0.841192f, -0.158808f, 2.996363f]);
        NodeTestKit.AssertGradientsMatch(() => new GeluNode(), [NodeTestKit.Random(1, -3, 3, 3, 5)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Gelu(), R(2, 7));
    }

    [Fact]
    public void Positional_encoding_known_values()
    {
        var pe = new PositionalEncoding(4, 8);
        NodeTestKit.AssertValues(pe.Table.Slice(0, 0, 2), [2, 4], [0, 1, 0, 1, MathF.Sin(1), MathF.Cos(1), MathF.Sin(0.01f), MathF.Cos(0.01f)]);
        var x = Tensor.Ones(2, 3, 4);
        var y = pe.Forward(x);
        Assert.Equal(1 + MathF.Sin(2), y[1, 2, 0], 5);
        NodeTestKit.AssertFanOutDoublesGradient(t => pe.Forward(t), R(1, 1, 3, 4));
        var ex = Assert.Throws<ShapeException>(() => pe.Forward(Tensor.Zeros(1, 9, 4)));
        Assert.Contains("[1, 9, 4]", ex.Message);
    }

    [Fact]
    public void Transformer_block_with_causal_mask_passes_the_gradient_check()
    {
        var block = new TransformerEncoderBlock(4, 2, 8, new Random(7), causal: true);
        Tensor x = R(8, 2, 4, 4);
        // Tolerance 10⁻² rather than 5·10⁻³: through two layer norms, softmax and GELU in float32 the smallest
        // query-weight gradients (~5·10⁻³) carry ~7·10⁻³ relative error whatever the step (10⁻² or 3·10⁻³), while a
        // wrong backward gives errors of order 1. The attention sub-layer alone passes at the default tolerance.
        var result = GradientCheck.CheckModel(block, () => WeightedSum(block.Forward(x), 9), tolerance: 1e-2);
        Assert.True(result.Passed, result.ToString());
        NodeTestKit.AssertGradientsMatch(xs => block.Forward(xs[0]), R(10, 1, 3, 4));
    }

    [Fact]
    public void Causal_transformer_block_output_at_t_ignores_later_inputs()
    {
        var block = new TransformerEncoderBlock(8, 2, 16, new Random(1), causal: true);
        Tensor x = R(2, 2, 6, 8);
        var before = block.Forward(x);
        var changed = x.Clone();
        for (int f = 0; f < 8; f++)
        {
            changed[0, 4, f] = 5f;
            changed[1, 5, f] = -5f;
        }
        var after = block.Forward(changed);
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < 4; t++)
            {
                for (int f = 0; f < 8; f++) Assert.Equal(before[b, t, f], after[b, t, f]);
            }
        }
        Assert.NotEqual(before[0, 4, 0], after[0, 4, 0]);
        block.Causal = false;
        Assert.NotEqual(block.Forward(x)[0, 0, 0], block.Forward(changed)[0, 0, 0]);
    }

    [Fact]
    public void Transformer_block_padding_mask_hides_padded_tokens_and_wrong_input_is_named()
    {
        var block = new TransformerEncoderBlock(4, 2, 8, new Random(2));
        Tensor x = R(3, 1, 4, 4);
        var mask = Tensor.FromArray([1f, 1, 1, 0], 1, 4);
        var before = block.Forward(x, mask);
        var changed = x.Clone();
        changed[0, 3, 1] = 9f;
        var after = block.Forward(changed, mask);
        for (int t = 0; t < 3; t++)
        {
            for (int f = 0; f < 4; f++) Assert.Equal(before[0, t, f], after[0, t, f]);
        }
        var ex = Assert.Throws<ShapeException>(() => block.Forward(Tensor.Zeros(4, 4)));
        Assert.Contains("input has shape [4, 4] but must be [batch, time, 4]", ex.Message);
    }
}
