namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture20CnnArchitecturesTests
{
    [Fact]
    public async Task Architecture_notebook_measures_receptive_fields_costs_bottlenecks_and_branch_lesions()
    {
        var r = await CourseNotebookRuns.SucceededAsync("20-cnn-architectures");

        // Receptive fields: three 3×3 layers see what one 7×7 layer sees, measured with gradients.
        Assert.Equal(7, r.Headline("20.rf_three_3x3"));
        Assert.Equal(7, r.Headline("20.rf_one_7x7"));
        // The effective receptive field: 16 layers reach 16 pixels out, but the gradient's spread stays a few pixels.
        Assert.Equal(16, r.Headline("20.erf_halfwidth_16"));
        Assert.InRange(r.Headline("20.erf_spread_1"), 0.6, 1.0);
        Assert.InRange(r.Headline("20.erf_spread_16"), 3, 7);

        // VGG: the convolutions do the work, the dense head holds the parameters; global average pooling removes most.
        Assert.Equal(72_080.0 / 337_050, r.Headline("20.vgg_conv_parameter_share"), 6);
        Assert.InRange(r.Headline("20.vgg_conv_work_share"), 0.97, 0.98);
        Assert.Equal(72_730.0 / 337_050, r.Headline("20.gap_parameter_ratio"), 6);

        // A 1×1 convolution is a per-pixel Linear layer; bottlenecks cut the cost.
        Assert.InRange(r.Headline("20.pointwise_difference"), 0, 1e-5);
        Assert.Equal(120_422_400.0 / 12_443_648, r.Headline("20.bottleneck_saving"), 6);
        Assert.Equal(256, r.Headline("20.inception_channels"));
        Assert.Equal(303_464_448.0 / 128_049_152, r.Headline("20.inception_naive_work_ratio"), 6);

        // Training: both networks learn Fashion-MNIST; every branch of the trained block carries something.
        Assert.True(r.Headline("20.inception_test_accuracy") > 0.8, $"Inception net {r.Headline("20.inception_test_accuracy")}");
        Assert.True(r.Headline("20.lenet_test_accuracy") > 0.8, $"LeNet {r.Headline("20.lenet_test_accuracy")}");
        Assert.True(r.Headline("20.lesion_best") <= r.Headline("20.inception_test_accuracy"));
        Assert.True(r.Headline("20.lesion_worst") < r.Headline("20.inception_test_accuracy") - 0.01,
            $"worst lesion {r.Headline("20.lesion_worst")} vs {r.Headline("20.inception_test_accuracy")}");
        Assert.Equal(r.Headline("20.inception_test_accuracy"), r.Headline("20.lesion_restored"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
