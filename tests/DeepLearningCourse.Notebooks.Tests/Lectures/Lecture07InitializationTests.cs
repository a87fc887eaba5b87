namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture07InitializationTests
{
    [Fact]
    public async Task Initialization_notebook_shows_vanishing_exploding_and_stable_signals()
    {
        var r = await CourseNotebookRuns.SucceededAsync("07-initialization");

        // Var[y] = n·Var[w]·Var[x] holds numerically.
        Assert.InRange(r.Headline("07.variance_rule_ratio"), 0.9, 1.1);

        // 12 layers: too small vanishes, too large explodes (ReLU) or saturates (tanh), Glorot/He stay in a healthy range.
        Assert.True(r.Headline("07.tanh_small_last_std") < 1e-4);
        Assert.True(r.Headline("07.relu_small_last_std") < 1e-4);
        Assert.True(r.Headline("07.relu_large_last_std") > 1e3);
        Assert.InRange(r.Headline("07.tanh_large_last_std"), 0.75, 1.0);
        Assert.InRange(r.Headline("07.tanh_glorot_last_std"), 0.1, 0.7);
        Assert.InRange(r.Headline("07.relu_he_last_std"), 0.4, 2.0);
        Assert.InRange(r.Headline("07.tanh_glorot_grad_ratio"), 0.5, 2.0);
        // Too-large tanh weights: the backward signal grows towards the input, so layer 1's gradient dwarfs layer 12's.
        Assert.True(r.Headline("07.tanh_large_grad_ratio") > 10, $"tanh too-large gradient ratio {r.Headline("07.tanh_large_grad_ratio")}");

        // Inputs with a large offset kill most ReLUs; normalized inputs keep almost all alive and learn better.
        Assert.True(r.Headline("07.dead_fraction_raw") > 0.5);
        Assert.True(r.Headline("07.dead_fraction_normalized") < 0.2);
        Assert.True(r.Headline("07.accuracy_normalized") > r.Headline("07.accuracy_raw") + 0.1);

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
