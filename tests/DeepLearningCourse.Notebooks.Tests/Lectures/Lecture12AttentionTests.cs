namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture12AttentionTests
{
    [Fact]
    public async Task Attention_notebook_shows_the_bottleneck_alignment_order_blindness_and_causality()
    {
        var r = await CourseNotebookRuns.SucceededAsync("12-attention");

        // Reversal: the GRU encoder-decoder without attention is held back by its bottleneck; attention solves it.
        double plain = r.Headline("12.no_attention_accuracy"), attention = r.Headline("12.attention_accuracy");
        Assert.InRange(plain, 0.2, 0.85);
        Assert.True(attention >= 0.95, $"attention accuracy {attention}");
        Assert.True(attention > plain + 0.15, $"attention {attention} vs no attention {plain}");

        // The learned alignment is the anti-diagonal (output t reads input T-1-t).
        Assert.True(r.Headline("12.attention_on_anti_diagonal") > 0.6);

        // One Transformer block with positions reverses; without positions it cannot (order-blind), and it is
        // exactly permutation-equivariant up to float rounding.
        Assert.True(r.Headline("12.transformer_accuracy") >= 0.95);
        Assert.True(r.Headline("12.transformer_no_positions_accuracy") < 0.5);
        Assert.InRange(r.Headline("12.permutation_max_diff_without_positions"), 0, 1e-4);
        Assert.True(r.Headline("12.permutation_max_diff_with_positions") > 1, "with positions, shuffling the input must change the outputs");

        // Causal mask: changing the last token leaves earlier outputs exactly unchanged.
        Assert.Equal(0, r.Headline("12.causal_leak"));
        Assert.True(r.Headline("12.unmasked_leak") > 0.1, "without the mask, earlier outputs see the last token");
        // Reversal under a causal mask: only the second half of the outputs (source in the past) can be learned.
        Assert.Equal(4, r.Headline("12.causal_positions_learned"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
