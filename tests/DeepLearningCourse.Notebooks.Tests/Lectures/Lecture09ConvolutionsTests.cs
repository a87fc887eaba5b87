namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture09ConvolutionsTests
{
    [Fact]
    public async Task Convolution_notebook_shows_circulant_equivalence_pooling_loss_and_a_cnn_beating_an_mlp()
    {
        var r = await CourseNotebookRuns.SucceededAsync("09-convolutions");
        Assert.True(r.Headline("09.circulant_max_abs_diff") <= 1e-5, "the dense circulant matrix must compute the circular convolution");
        Assert.Equal(168, r.Headline("09.conv_layer_params"));
        Assert.Equal(3072.0 * 6144 + 6144, r.Headline("09.dense_layer_params"));
        Assert.Equal(0, r.Headline("09.pooling_output_diff"));

        double cnnParams = r.Headline("09.cnn_params"), mlpParams = r.Headline("09.mlp_params");
        Assert.InRange(mlpParams / cnnParams, 0.9, 1.1);   // a fair comparison: about the same number of parameters
        Assert.True(r.Headline("09.cnn_test_accuracy") >= 0.85, $"CNN test accuracy {r.Headline("09.cnn_test_accuracy"):P1}");
        Assert.True(r.Headline("09.cnn_test_accuracy") > r.Headline("09.mlp_test_accuracy"));
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
