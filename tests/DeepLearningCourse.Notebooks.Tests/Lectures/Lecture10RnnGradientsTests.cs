namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture10RnnGradientsTests
{
    private const string Notebook = "10-rnn-gradients";

    [Fact]
    public async Task Spectral_radius_decides_between_vanishing_preserved_and_exploding()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("10.ratio_rho0.5_k30") < 1e-6, "radius 0.5 should shrink the gradient by orders of magnitude over 30 steps");
        Assert.InRange(r.Headline("10.ratio_rho1_k30"), 0.5, 2.0);
        Assert.True(r.Headline("10.ratio_rho1.5_k30") > 1e4, "radius 1.5 should blow the gradient up over 30 steps");
    }

    [Fact]
    public async Task The_one_unit_loss_has_a_cliff_and_clipping_survives_it()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("10.cliff_max_gradient") > 100 * r.Headline("10.cliff_median_gradient"), "the cliff's gradient should be orders of magnitude above the typical one");
        double clipped = r.Headline("10.clipped_final_loss"), unclipped = r.Headline("10.unclipped_final_loss");
        Assert.True(clipped < 0.1, $"clipped SGD should reach the valley, final loss {clipped}");
        Assert.True(unclipped > 10 * clipped, $"unclipped SGD should be thrown off the cliff: {unclipped} vs {clipped}");
        Assert.True(r.Headline("10.clip_events") >= 1);
    }

    [Fact]
    public async Task Orthogonal_initialization_keeps_gradients_alive_longer()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("10.orthogonal_init_ratio_k30") > 1000 * r.Headline("10.default_init_ratio_k30"));
    }

    [Fact]
    public async Task Runs_well_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
