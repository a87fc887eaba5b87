namespace DeepLearningCourse.Engine.Tests.Training;

public class FashionMnistTrainingTests
{
    [Fact]
    public void A_small_mlp_learns_the_shipped_fashion_mnist_subset()
    {
        // Checks images and labels line up (misaligned data would stay near 10% accuracy) and the pieces fit together.
        string data = DataDirectory.Find(AppContext.BaseDirectory);
        var train = FashionMnist.Load(data, FashionMnistSplit.Train, count: 1000);
        var test = FashionMnist.Load(data, FashionMnistSplit.Test, count: 500);
        var random = new Random(0);
        var model = new Sequential(new Linear(784, 32, random), new ReLU(), new Linear(32, 10, random));
        var trainer = new Trainer(model, new Adam(model.Parameters(), 0.003f), Loss.SoftmaxCrossEntropy, classification: true);
        var history = trainer.Fit(train.FlatImages(), train.Labels, epochs: 4, batchSize: 50, random, new Dataset(test.FlatImages(), test.Labels));

        Assert.True(history.ValidationAccuracy[^1] > 0.65, history.ToString());
        var confusion = Metrics.ConfusionMatrix(model.Forward(test.FlatImages()), test.Labels);
        Assert.Equal(500, confusion.Cast<int>().Sum());
        Assert.True(confusion[1, 1] > 30, "trousers are the easiest class"); // 52 trousers among the first 500 test images
    }
}
