namespace DeepLearningCourse.Engine.Tests;

/// <summary>The eight-channels-at-a-time passes for x [N, C] against the element-by-element formulas, bit for bit.</summary>
public class BatchNormFeatureKernelTests
{
    [Theory]
    [InlineData(600, 16)]
    [InlineData(37, 13)]
    [InlineData(5, 3)]
    public void Feature_batches_match_the_element_by_element_formulas_bit_for_bit(int rows, int channels)
    {
        var x = NodeTestKit.Random(1, -2, 3, rows, channels);
        var gamma = NodeTestKit.Random(2, 0.5f, 1.5f, channels);
        var beta = NodeTestKit.Random(3, -1, 1, channels);
        var dy = NodeTestKit.Random(4, -1, 1, rows, channels);
        var node = new BatchNormNode(1e-5f);
        var y = node.Forward(x, gamma, beta);
        var grads = node.Backward(dy);

        // Reference: sums in double over rows in order, then the float formulas one element at a time.
        var mean = new float[channels];
        var inverseStd = new float[channels];
        var xHat = new float[rows * channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (int n = 0; n < rows; n++) sum += x.Data[n * channels + c];
            double mu = sum / rows;
            for (int n = 0; n < rows; n++)
            {
                double d = x.Data[n * channels + c] - mu;
                squares += d * d;
            }
            mean[c] = (float)mu;
            inverseStd[c] = 1f / MathF.Sqrt((float)(squares / rows) + 1e-5f);
        }
        for (int i = 0; i < rows * channels; i++)
        {
            int c = i % channels;
            xHat[i] = (x.Data[i] - mean[c]) * inverseStd[c];
            Assert.Equal(gamma.Data[c] * xHat[i] + beta.Data[c], y.Data[i]);
        }
        Assert.Equal(mean, node.BatchMean!.Data);
        for (int c = 0; c < channels; c++)
        {
            double sumDy = 0, sumDyXHat = 0;
            for (int n = 0; n < rows; n++)
            {
                sumDy += dy.Data[n * channels + c];
                sumDyXHat += (double)dy.Data[n * channels + c] * xHat[n * channels + c];
            }
            Assert.Equal((float)sumDy, grads[2]!.Data[c]);
            Assert.Equal((float)sumDyXHat, grads[1]!.Data[c]);
            float scale = gamma.Data[c] * inverseStd[c], meanDy = (float)(sumDy / rows), meanDyXHat = (float)(sumDyXHat / rows);
            for (int n = 0; n < rows; n++)
            {
                int i = n * channels + c;
                Assert.Equal(scale * (dy.Data[i] - meanDy - xHat[i] * meanDyXHat), grads[0]!.Data[i]);
            }
        }
    }
}
