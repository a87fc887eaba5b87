namespace DeepLearningCourse.Engine.Tests;

public class GeluKernelsTests
{
    private static float[] Values(int seed, int length)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(random.NextDouble() * 10 - 5);
        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(70_001)] // long enough to be split between two threads, not a multiple of 16
    public void Fast_forward_equals_the_reference_and_fast_backward_equals_it_bit_for_bit_given_t(int length)
    {
        float[] x = Values(1, length), dy = Values(2, length);
        float[] referenceT = new float[length], referenceY = new float[length], fastT = new float[length], fastY = new float[length];
        GeluKernels.ReferenceForward(x, referenceT, referenceY);
        GeluKernels.Tanh(x, fastT);
        GeluKernels.Forward(x, fastY);
        for (int i = 0; i < length; i++)
        {
            // The vectorized tanh may round differently from MathF.Tanh by a few units in the last place.
            Assert.True(MathF.Abs(fastT[i] - referenceT[i]) <= 4e-7f, $"t[{i}] = {fastT[i]}, reference {referenceT[i]} (x = {x[i]})");
            Assert.True(MathF.Abs(fastY[i] - referenceY[i]) <= 2e-6f * MathF.Max(1, MathF.Abs(x[i])), $"y[{i}] = {fastY[i]}, reference {referenceY[i]} (x = {x[i]})");
        }

        // Backward recomputes t as the fast forward does; given that t, every operation is the reference's.
        float[] referenceDx = new float[length], fastDx = new float[length];
        GeluKernels.ReferenceBackward(x, fastT, dy, referenceDx);
        GeluKernels.Backward(x, dy, fastDx);
        Assert.Equal(referenceDx, fastDx);
    }

    [Fact]
    public void Splitting_between_threads_does_not_change_a_bit()
    {
        // ParallelRanges splits 100 000 values between the cores; computing the two halves separately (each too short
        // to split) must give the same bits, so results do not depend on the number of threads.
        const int length = 100_000, half = 50_000; // half is a multiple of 16
        float[] x = Values(3, length), dy = Values(4, length);
        float[] y = new float[length], dx = new float[length];
        GeluKernels.Forward(x, y);
        GeluKernels.Backward(x, dy, dx);
        foreach (var (start, count) in new[] { (0, half), (half, length - half) })
        {
            float[] xs = x[start..(start + count)], ys = new float[count], dxs = new float[count];
            GeluKernels.Forward(xs, ys);
            GeluKernels.Backward(xs, dy[start..(start + count)], dxs);
            Assert.Equal(y[start..(start + count)], ys);
            Assert.Equal(dx[start..(start + count)], dxs);
        }
    }

    [Fact]
    public void Node_on_a_large_tensor_passes_the_gradient_check_on_a_sample()
    {
        // The node's known answers, small gradient check and fan-out are in AttentionLayerTests; here a tensor long
        // enough for the threaded path, checked against centred differences of the reference at a few entries.
        var x = NodeTestKit.Random(5, -3, 3, 2, 40_000);
        var dy = NodeTestKit.Random(6, -1, 1, 2, 40_000);
        var node = new GeluNode();
        node.Forward(x);
        float[] dx = node.Backward(dy)[0]!.Data;
        foreach (int i in new[] { 0, 17, 40_003, 79_999 })
        {
            double v = x.Data[i], h = 1e-3;
            double numeric = (Gelu(v + h) - Gelu(v - h)) / (2 * h) * dy.Data[i];
            Assert.True(Math.Abs(dx[i] - numeric) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"dx[{i}] = {dx[i]}, centred difference {numeric}");
        }
    }

    private static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}
