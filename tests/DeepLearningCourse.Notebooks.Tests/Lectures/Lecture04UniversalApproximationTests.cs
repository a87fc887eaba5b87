namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture04UniversalApproximationTests
{
    private const string Name = "04-universal-approximation";

    [Fact]
    public async Task Error_of_one_hidden_layer_sigmoid_networks_falls_with_width()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.Equal(1, r.Headline("04.error_decreases"));
        Assert.True(r.Headline("04.rmse_width_1") > 0.4, "one sigmoid cannot follow two superposed sines");
        Assert.True(r.Headline("04.rmse_width_32") < 0.05);
        Assert.True(r.Headline("04.rmse_width_32") < r.Headline("04.rmse_width_1") / 10);
        Assert.InRange(r.Headline("04.staircase_max_error"), 1e-4, 0.1); // 64 hand-placed steps: close, not exact
    }

    [Fact]
    public async Task Finite_networks_approximate_but_do_not_represent()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.True(r.Headline("04.step_max_error") > 0.5, "a continuous network misses the jump of sign(x) by about 1");
        Assert.InRange(r.Headline("04.square_rmse"), 1e-6, 0.05);     // good on [-1, 1], but not exact
        Assert.True(r.Headline("04.square_outside_error") > 3, "outside [-1, 1] the sigmoids saturate while x² grows");
    }

    [Fact]
    public async Task Deep_network_represents_the_sawtooth_that_a_shallow_one_of_the_same_size_cannot()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.True(r.Headline("04.deep_built_rmse") < 1e-4);
        Assert.True(r.Headline("04.wide_rmse") > 0.1);
        Assert.True(r.Headline("04.deep_trained_rmse") > r.Headline("04.deep_built_rmse"));
    }

    [Fact]
    public async Task Runs_in_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"{Name} took {r.Duration.TotalSeconds:0.0} s");
    }
}
