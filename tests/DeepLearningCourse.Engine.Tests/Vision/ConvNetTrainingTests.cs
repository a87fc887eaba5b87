namespace DeepLearningCourse.Engine.Tests;

public class ConvNetTrainingTests
{
    /// <summary>8×8 images holding one horizontal (label 0) or vertical (label 1) bar of length 4, plus noise.</summary>
    private static (Tensor Images, Tensor Labels) Bars(Random random, int count)
    {
        var images = new float[count * 64];
        var labels = new float[count];
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(2), along = random.Next(5), across = random.Next(8);
            labels[n] = label;
            for (int i = 0; i < 64; i++) images[n * 64 + i] = 0.2f * (float)(random.NextDouble() - 0.5);
            for (int t = 0; t < 4; t++)
            {
                int row = label == 0 ? across : along + t, column = label == 0 ? along + t : across;
                images[n * 64 + row * 8 + column] += 1f;
            }
        }
        return (new Tensor(images, count, 1, 8, 8), new Tensor(labels, count));
    }

    [Fact]
    public void Small_convnet_with_batch_norm_pooling_and_dropout_learns_bar_orientation()
    {
        var random = new Random(11);
        var model = new Sequential(
            new Conv2d(1, 4, 3, random, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
            new Dropout(0.1f, random), new Flatten(), new Linear(4 * 4 * 4, 2, random));
        var optimizer = new Adam(model.Parameters(), learningRate: 0.02f);
        var (trainX, trainY) = Bars(random, 256);
        for (int epoch = 0; epoch < 5; epoch++)
        {
            for (int start = 0; start < 256; start += 32)
            {
                var x = new Tensor(trainX.Data.AsSpan(start * 64, 32 * 64).ToArray(), 32, 1, 8, 8);
                var y = new Tensor(trainY.Data.AsSpan(start, 32).ToArray(), 32);
                optimizer.ZeroGrad();
                Loss.SoftmaxCrossEntropy(model.Forward(x), y).Backward();
                optimizer.Step();
            }
        }

        model.Eval();
        var (testX, testY) = Bars(new Random(99), 200);
        Tensor logits;
        using (GradMode.Disable()) logits = model.Forward(testX);
        int correct = 0;
        for (int n = 0; n < 200; n++)
        {
            int predicted = logits[n, 1] > logits[n, 0] ? 1 : 0;
            if (predicted == (int)testY.Data[n]) correct++;
        }
        Assert.True(correct >= 190, $"accuracy {correct}/200");
    }
}
