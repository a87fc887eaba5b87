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

    private static readonly string[] Racers = ["sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam"];

    [Fact]
    public async Task Every_racer_is_recorded_and_the_winners_are_the_ones_the_text_names()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        var quadratic = Racers.ToDictionary(n => n, n => r.Headline("06.quadratic_final." + n));
        var rosenbrock = Racers.ToDictionary(n => n, n => r.Headline("06.rosenbrock_final." + n));
        Assert.All(quadratic.Values.Concat(rosenbrock.Values), v => Assert.True(double.IsFinite(v) && v >= 0, $"final loss {v}"));
        // Narrow bowl (initial loss 25.25): "Momentum and Nesterov ... are the fastest here"; every adaptive method but
        // Adadelta gets within 0.1 of the minimum in 100 steps.
        foreach (var other in Racers.Except(["momentum", "nesterov"]))
        {
            Assert.True(quadratic["momentum"] < quadratic[other], $"momentum {quadratic["momentum"]} vs {other} {quadratic[other]}");
            Assert.True(quadratic["nesterov"] < quadratic[other], $"nesterov {quadratic["nesterov"]} vs {other} {quadratic[other]}");
        }
        foreach (var adaptive in new[] { "adagrad", "rmsprop", "adam" })
            Assert.True(quadratic[adaptive] < 0.1, $"{adaptive} ended at {quadratic[adaptive]} on the bowl");
        // Rosenbrock (initial loss 12.5): "Adam ends closest to the minimum"; Adagrad's shrinking steps leave it
        // behind RMSProp, which keeps moving; everyone improves on the start.
        foreach (var other in Racers.Except(["adam"]))
            Assert.True(rosenbrock["adam"] < rosenbrock[other], $"adam {rosenbrock["adam"]} vs {other} {rosenbrock[other]}");
        Assert.True(rosenbrock["rmsprop"] < rosenbrock["adagrad"]);
        Assert.All(rosenbrock.Values, v => Assert.True(v < 12.5, $"final loss {v} not below the start"));
    }

    [Fact]
    public async Task Saddle_traps_exact_gradient_descent_and_momentum_or_noise_escape_faster()
    {
        var r = await CourseNotebookRuns.SucceededAsync("06-optimization");
        Assert.Equal(-2, r.Headline("06.saddle_hessian_min_eigenvalue"), 0.01);   // Hessian diag(2, −2) at (0, 0)
        Assert.True(Math.Abs(r.Headline("06.saddle_gd_exact_final")) < 1e-6);
        double gd = r.Headline("06.saddle_steps_gd");
        Assert.True(gd > 0);
        Assert.InRange(r.Headline("06.saddle_steps_momentum"), 1, gd - 1);
        Assert.InRange(r.Headline("06.saddle_steps_noisy"), 1, gd - 1);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
