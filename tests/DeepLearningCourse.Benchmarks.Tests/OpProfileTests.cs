using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class OpProfileTests
{
    [Fact]
    public void Gives_each_ops_median_per_call_and_calls_per_step_and_leaves_out_steps_with_a_full_collection()
    {
        var random = new Random(3);
        var model = new Sequential(new Linear(8, 16, random), new ReLU(), new Linear(16, 4, random));
        var x = Tensor.Uniform(random, -1, 1, 5, 8);
        var y = Tensor.FromArray(new float[] { 0, 1, 2, 3, 0 }, 5);
        int run = 0;
        var previous = EngineLog.Level;

        var result = OpProfile.Measure(() =>
        {
            Loss.SoftmaxCrossEntropy(model.Forward(x), y).Backward();
            if (run++ % 3 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }, steps: 9);

        // The three forced collections; another test's allocations could add one more, never fewer.
        Assert.InRange(result.LeftOut, 3, 4);
        Assert.Equal(previous, EngineLog.Level);
        var names = result.Ops.Select(op => op.Name).ToList();
        Assert.Contains("LinearRelu forward", names);
        Assert.Contains("Linear backward", names);
        Assert.Contains("SoftmaxCrossEntropy forward", names);
        Assert.All(result.Ops, op =>
        {
            Assert.True(op.MicrosecondsPerCall > 0 && double.IsFinite(op.MicrosecondsPerCall), $"{op.Name}: {op.MicrosecondsPerCall} µs");
            Assert.Equal(1, op.CallsPerStep);
        });
        var perStep = result.Ops.Select(op => op.MicrosecondsPerCall * op.CallsPerStep).ToList();
        Assert.Equal(perStep.OrderByDescending(t => t), perStep);
    }
}
