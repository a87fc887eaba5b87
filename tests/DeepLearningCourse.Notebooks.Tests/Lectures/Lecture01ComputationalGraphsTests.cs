namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture01ComputationalGraphsTests
{
    private const string Notebook = "01-computational-graphs";

    [Fact]
    public async Task Engine_gradients_match_the_hand_derived_chain_rule()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        // z = 2(x+3y)² + 6·exp(5x+y) at (0.2, −0.3): dz/dx = 4u + 30eᵛ, dz/dy = 12u + 6eᵛ with u = −0.7, v = 0.7.
        Assert.Equal(4 * -0.7 + 30 * Math.Exp(0.7), r.Headline("01.dz_dx"), 3);
        Assert.Equal(12 * -0.7 + 6 * Math.Exp(0.7), r.Headline("01.dz_dy"), 3);
    }

    [Fact]
    public async Task Hand_chained_nodes_agree_with_loss_backward_and_relu_gates()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("01.hand_vs_engine_max_abs_diff") < 1e-6);
        Assert.InRange(r.Headline("01.relu_blocked_entries"), 1, 11);
    }

    [Fact]
    public async Task Gradient_checks_pass_and_finite_differences_need_two_passes_per_parameter()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("01.gradcheck_max_rel_error") < 5e-3);
        Assert.True(r.Headline("01.softplus_gradcheck_max_rel_error") < 5e-3);
        Assert.Equal(2 * (8 * 64 + 64 + 64 * 3 + 3), r.Headline("01.forward_passes_for_all_gradients"));
    }

    [Fact]
    public async Task Separate_softmax_and_log_break_on_large_logits_while_the_fused_loss_stays_finite()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.Equal(1, r.Headline("01.separate_softmax_nan"));
        Assert.Equal(1, r.Headline("01.fused_finite"));
    }

    [Fact]
    public async Task Max_and_a_hard_if_pass_no_gradient_to_the_choice_while_a_soft_if_learns_it()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.Equal(1, r.Headline("01.max_inputs_with_gradient"));
        Assert.Equal(0, r.Headline("01.hard_if_threshold_has_gradient"));
        Assert.InRange(r.Headline("01.soft_if_threshold"), -0.05, 0.05);
        Assert.True(r.Headline("01.soft_if_loss_ratio") < 0.01, $"soft if loss ratio {r.Headline("01.soft_if_loss_ratio")}");
    }

    [Fact]
    public async Task Runs_well_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
