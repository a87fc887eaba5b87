namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture08RegularizationTests
{
    [Fact]
    public async Task Regularization_notebook_shows_each_remedy_working()
    {
        var r = await CourseNotebookRuns.SucceededAsync("08-regularization");

        // Two identical logistic units stay stuck together; dropout breaks the tie and the error collapses.
        Assert.True(r.Headline("08.stuck_plain_mse") > 0.01);
        Assert.True(r.Headline("08.stuck_dropout_mse") < r.Headline("08.stuck_plain_mse") / 10);

        // Dropout ensemble: the scaled network is close to the average of thinned networks, both beat one thinned network.
        Assert.True(r.Headline("08.ensemble_scaled_prob_gap") < 0.05);
        Assert.True(r.Headline("08.thinned_average_accuracy") >= r.Headline("08.thinned_single_accuracy"));
        Assert.True(r.Headline("08.scaled_network_accuracy") >= r.Headline("08.thinned_single_accuracy"));

        // Bagging: the average beats the mean member (guaranteed for squared error).
        Assert.True(r.Headline("08.bagging_average_mse") < r.Headline("08.bagging_member_mse"));

        // Weight decay: smaller weights and a better test error.
        Assert.True(r.Headline("08.weight_norm_decay") < r.Headline("08.weight_norm_no_decay") / 2);
        Assert.True(r.Headline("08.test_mse_decay") < r.Headline("08.test_mse_no_decay"));

        // BatchNorm: lower training loss after the same number of SGD steps.
        Assert.True(r.Headline("08.loss_with_batchnorm") < r.Headline("08.loss_without_batchnorm") / 2);

        // Diagnostics: a tiny sample is overfitted; the NaN is caught at the division.
        Assert.True(r.Headline("08.tiny_sample_final_loss") < 0.05);
        Assert.Equal(1.0, r.Headline("08.nan_caught"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
