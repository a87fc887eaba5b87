namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture19ResidualNetworksTests
{
    [Fact]
    public async Task Residual_notebook_shows_degradation_variance_growth_and_skip_connections_fixing_both()
    {
        var r = await CourseNotebookRuns.SucceededAsync("19-residual-networks");

        // Degradation: the shallow plain network trains in every run of the grid, the deep one in none.
        Assert.Equal(9, r.Headline("19.grid_runs"));
        Assert.Equal(9, r.Headline("19.plain_shallow_successes"));
        Assert.True(r.Headline("19.plain_deep_successes") <= 2, $"deep plain successes {r.Headline("19.plain_deep_successes")}");
        Assert.True(r.Headline("19.plain_shallow_accuracy") >= 0.97);
        Assert.True(r.Headline("19.plain_deep_accuracy") < 0.9, $"deep plain accuracy {r.Headline("19.plain_deep_accuracy")}");
        // The text: its loss ends closer to ln 3 than to the shallow network's.
        Assert.InRange(r.Headline("19.plain_deep_final_loss"), 0.55, 1.2);

        // Gradients at init: no geometric vanishing in the plain network; the naive residual one's are ~1000× larger.
        Assert.InRange(r.Headline("19.plain_gradient_spread"), 1, 50);
        Assert.InRange(r.Headline("19.naive_over_plain_gradient"), 100, 10_000);

        // Variance: the naive stack grows ~√2 per block over 15 steps; α = 1/√B stays under √e; SkipInit is exact;
        // batch norm adds about one unit of variance per block and leaves the last branch a small share.
        Assert.InRange(r.Headline("19.naive_std_growth"), 20, 1000);
        Assert.InRange(r.Headline("19.scaled_std_growth"), 1, Math.Sqrt(Math.E));
        Assert.Equal(1, r.Headline("19.skipinit_std_growth"), 6);
        Assert.InRange(r.Headline("19.naive_last_branch_share"), 0.1, 1.5);
        Assert.InRange(r.Headline("19.batchnorm_last_branch_share"), 0.01, 0.2);
        Assert.InRange(r.Headline("19.batchnorm_variance_growth"), 8, 25);

        // Training: the naive residual network fails, the three tamed ones train like the shallow plain network.
        Assert.True(r.Headline("19.naive_residual_accuracy") < 0.5);
        Assert.True(r.Headline("19.scaled_residual_accuracy") >= 0.97);
        Assert.True(r.Headline("19.batchnorm_residual_accuracy") >= 0.97);
        Assert.True(r.Headline("19.skipinit_residual_accuracy") >= 0.97);
        Assert.True(r.Headline("19.scaled_residual_final_loss") < 0.1);
        Assert.Equal(9, r.Headline("19.residual_successes"));
        Assert.True(r.Headline("19.skipinit_mean_abs_alpha") > 0.05, "SkipInit's α should have moved away from 0");

        // The loss along a random direction: the deep plain network's walls are far steeper.
        Assert.True(r.Headline("19.slice_plain_deep_max") > 30 * r.Headline("19.slice_residual_max"),
            $"plain {r.Headline("19.slice_plain_deep_max")} vs residual {r.Headline("19.slice_residual_max")}");
        Assert.True(r.Headline("19.slice_plain_deep_centre") > 0.3);

        // Lesions: one layer out of a trained plain network ruins it; one block out of a residual one does not.
        Assert.True(r.Headline("19.lesion_plain_accuracy") >= 0.97);
        Assert.True(r.Headline("19.lesion_plain_mean") < 0.5, $"plain mean after lesion {r.Headline("19.lesion_plain_mean")}");
        Assert.True(r.Headline("19.lesion_plain_best") < 0.7);
        Assert.True(r.Headline("19.lesion_small_residual_accuracy") >= 0.97);
        Assert.True(r.Headline("19.lesion_small_residual_mean") > r.Headline("19.lesion_plain_mean") + 0.15);
        Assert.True(r.Headline("19.lesion_deep_residual_mean") > 0.85);
        Assert.True(r.Headline("19.lesion_deep_residual_worst") > r.Headline("19.lesion_plain_best"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
