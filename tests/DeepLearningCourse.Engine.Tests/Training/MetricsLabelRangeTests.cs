namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Labels outside the classes the logits score are a clear error in every metric, as they are in
/// SoftmaxCrossEntropy, instead of silently counting as wrong predictions.
/// </summary>
public class MetricsLabelRangeTests
{
    private static readonly Tensor ThreeClassLogits = Tensor.FromArray(new float[,] { { 3, 1, 0 }, { 0, 2, 1 } });

    [Theory]
    [InlineData(3f, "label 3 at row 1 is not a class index in 0..2")]
    [InlineData(-1f, "label -1 at row 1 is not a class index in 0..2")]
    [InlineData(1.5f, "label 1.5 at row 1 is not a class index in 0..2")]
    [InlineData(float.NaN, "label NaN at row 1 is not a class index in 0..2")]
    public void Accuracy_names_the_bad_label_its_row_and_the_class_range(float bad, string expected)
    {
        var labels = Tensor.FromArray([0f, bad]);
        var ex = Assert.Throws<ArgumentException>(() => Metrics.Accuracy(ThreeClassLogits, labels));
        Assert.StartsWith("Metrics.Accuracy: " + expected, ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("Metrics.CorrectCount: ", Assert.Throws<ArgumentException>(() => Metrics.CorrectCount(ThreeClassLogits, labels)).Message);
    }

    [Fact]
    public void A_single_logit_scores_two_classes()
    {
        var logits = Tensor.FromArray([2f, -1f], 2, 1);
        Assert.Equal(1.0, Metrics.Accuracy(logits, Tensor.FromArray([1f, 0f])));
        var ex = Assert.Throws<ArgumentException>(() => Metrics.Accuracy(logits, Tensor.FromArray([2f, 0f])));
        Assert.Contains("label 2 at row 0 is not a class index in 0..1", ex.Message);
    }

    [Fact]
    public void ConfusionMatrix_accepts_labels_up_to_classCount_and_suggests_it_otherwise()
    {
        var labels = Tensor.FromArray([0f, 3f]);
        var ex = Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix(ThreeClassLogits, labels));
        Assert.Contains("Metrics.ConfusionMatrix: label 3 at row 1", ex.Message);
        Assert.Contains("pass classCount", ex.Message);
        var m = Metrics.ConfusionMatrix(ThreeClassLogits, labels, classCount: 4);
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[3, 1]);
    }
}
