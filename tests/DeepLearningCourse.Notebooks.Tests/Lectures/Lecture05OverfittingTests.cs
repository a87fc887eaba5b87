namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture05OverfittingTests
{
    [Fact]
    public async Task Order_9_polynomial_interpolates_and_overfits()
    {
        var r = await CourseNotebookRuns.SucceededAsync("05-overfitting");
        Assert.True(r.Headline("05.order9_train_mse") < 1e-6, "order 9 through 10 points must interpolate");
        Assert.True(r.Headline("05.order9_val_mse") > 10 * r.Headline("05.order2_val_mse"), "order 9 must generalise far worse than order 2");
        Assert.True(r.Headline("05.order2_val_mse") < 0.05, "order 2 is the right model: close to the noise floor 0.0225");
    }

    [Fact]
    public async Task Regularizers_beat_the_unregularized_large_weight_network()
    {
        var r = await CourseNotebookRuns.SucceededAsync("05-overfitting");
        double large = r.Headline("05.net_large_val_mse");
        Assert.True(large > 2 * r.Headline("05.net_small_val_mse"));
        Assert.True(r.Headline("05.net_l2_val_mse") < large / 2);
        Assert.True(r.Headline("05.input_noise_val_mse") < large / 2);
        Assert.True(r.Headline("05.early_stopping_val_mse") < r.Headline("05.net_small_val_mse"));
        // The small-weight net's validation error is lowest early ("within the first hundred steps" of 1000):
        // early stopping keeps that step's weights.
        Assert.InRange(r.Headline("05.early_stopping_best_step"), 1, 300);
    }

    [Fact]
    public async Task Double_descent_peaks_at_the_interpolation_threshold_and_descends_again()
    {
        var r = await CourseNotebookRuns.SucceededAsync("05-overfitting");
        double peak = r.Headline("05.double_descent_peak_features");
        Assert.InRange(peak, 24, 38);   // n = 30 training points
        Assert.True(r.Headline("05.double_descent_peak_test_mse") > 10 * r.Headline("05.double_descent_best_under_test_mse"));
        Assert.True(r.Headline("05.double_descent_wide_test_mse") < r.Headline("05.double_descent_best_under_test_mse"));
    }

    [Fact]
    public async Task Network_memorizes_random_labels_without_generalizing()
    {
        var r = await CourseNotebookRuns.SucceededAsync("05-overfitting");
        Assert.True(r.Headline("05.random_train_acc") >= 0.95);
        Assert.InRange(r.Headline("05.random_test_acc"), 0.35, 0.65);
        Assert.True(r.Headline("05.real_train_acc") >= 0.95);
        Assert.True(r.Headline("05.real_test_acc") >= 0.85);
        Assert.True(r.Headline("05.real_steps_to_fit") >= 0);
        Assert.True(r.Headline("05.random_steps_to_fit") > r.Headline("05.real_steps_to_fit"), "random labels take longer to fit");
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
