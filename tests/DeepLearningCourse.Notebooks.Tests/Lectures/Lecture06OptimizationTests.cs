namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture06OptimizationTests
{
    [Fact]
    public async Task Gradient_noise_shrinks_like_one_over_root_batch_size()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        double ratio = r.Headline("06.grad_noise_b1") / r.Headline("06.grad_noise_b64");
        Assert.InRange(ratio, 6, 10);   // √64 = 8
    }

    [Fact]
    public async Task Learning_rate_threshold_is_two_over_the_largest_hessian_eigenvalue()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        Assert.Equal(10, r.Headline("06.lambda_max"), 0.01);
        Assert.Equal(1, r.Headline("06.converges_below"));
        Assert.Equal(1, r.Headline("06.diverges_above"));
        Assert.True(r.Headline("06.best_step_loss") < 1e-8);
    }

    [Fact]
    public async Task Optimizer_race_shows_the_expected_ranking()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        // Narrow bowl: momentum methods beat plain SGD; Adadelta has barely started.
        Assert.True(r.Headline("06.quadratic_final.momentum") < r.Headline("06.quadratic_final.sgd"));
        Assert.True(r.Headline("06.quadratic_final.nesterov") < r.Headline("06.quadratic_final.sgd"));
        Assert.True(r.Headline("06.quadratic_final.adadelta") > 1);
        // Rosenbrock: SGD crawls along the valley, Adam and the momentum methods reach the minimum.
        Assert.True(r.Headline("06.rosenbrock_final.sgd") > 0.5);
        Assert.True(r.Headline("06.rosenbrock_final.adam") < 1e-4);
        Assert.True(r.Headline("06.rosenbrock_final.momentum") < 1e-3);
        Assert.True(r.Headline("06.rosenbrock_final.nesterov") < 1e-3);
    }

    [Fact]
    public async Task Saddle_traps_exact_gradient_descent_and_momentum_or_noise_escape_faster()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        Assert.True(Math.Abs(r.Headline("06.saddle_gd_exact_final")) < 1e-6);
        double gd = r.Headline("06.saddle_steps_gd");
        Assert.True(gd > 0);
        Assert.InRange(r.Headline("06.saddle_steps_momentum"), 1, gd - 1);
        Assert.InRange(r.Headline("06.saddle_steps_noisy"), 1, gd - 1);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
