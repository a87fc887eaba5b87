namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// The fused LSTM makes its per-step tensors (h_t, c_t, gates, dL/dh_t) on first access: from its working buffers
/// while Backward needs them, afterwards by replaying the recurrence on copies of the call's inputs and weights.
/// Either way they must be the same bits, also after the weights and the input changed.
/// </summary>
public class LstmStepValuesTests
{
    private const int Batch = 3, Steps = 5, Input = 4, Hidden = 6;

    [Fact]
    public void Values_read_late_by_replay_equal_values_read_early_bit_for_bit()
    {
        var early = Run(readBeforeBackward: true, changeAfterBackward: false);
        var late = Run(readBeforeBackward: false, changeAfterBackward: true);
        Assert.Equal(early.Length, late.Length);
        Assert.Equal(early, late);
    }

    [Fact]
    public void Step_values_equal_the_unrolled_graph()
    {
        var fused = Run(readBeforeBackward: false, changeAfterBackward: false);
        var layer = new LSTM(Input, Hidden, new Random(3));
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        (layer.Forward(x) * NodeTestKit.Random(2, -1, 1, Batch, Steps, Hidden)).Sum().Backward();
        var unrolled = Flatten(layer.LastRun!);
        Assert.Equal(unrolled.Length, fused.Length);
        for (int i = 0; i < fused.Length; i++) Assert.True(Math.Abs(fused[i] - unrolled[i]) < 1e-5f, $"value {i}: {fused[i]} vs {unrolled[i]}");
    }

    [Fact]
    public void Forward_without_gradients_still_gives_every_step_value()
    {
        var layer = new LSTM(Input, Hidden, new Random(3), fused: true);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        layer.Forward(x);
        var recorded = layer.LastRun!;
        float[] expected = [.. recorded.Cell!.SelectMany(c => c.Data), .. recorded.Gates["forget"].SelectMany(g => g.Data)];
        using (GradMode.Disable()) layer.Forward(x);
        var run = layer.LastRun!;
        float[] withoutGradients = [.. run.Cell!.SelectMany(c => c.Data), .. run.Gates["forget"].SelectMany(g => g.Data)];
        Assert.Equal(expected, withoutGradients);
    }

    /// <summary>
    /// One fused forward + backward; returns h_t, c_t, all four gates and dL/dh_t of every step, flattened. Either reads
    /// them all before Backward, or only after it (optionally after changing the weights and the input in place).
    /// </summary>
    private static float[] Run(bool readBeforeBackward, bool changeAfterBackward)
    {
        var layer = new LSTM(Input, Hidden, new Random(3), fused: true);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        var y = layer.Forward(x);
        var run = layer.LastRun!;
        if (readBeforeBackward) _ = Flatten(run, withGradients: false);
        (y * NodeTestKit.Random(2, -1, 1, Batch, Steps, Hidden)).Sum().Backward();
        if (changeAfterBackward)
        {
            foreach (var parameter in layer.Parameters()) parameter.Data.AsSpan().Fill(0.25f);
            x.Data.AsSpan().Clear();
        }
        return Flatten(run);
    }

    private static float[] Flatten(RecurrentRun run, bool withGradients = true)
    {
        IEnumerable<float> values = run.Hidden.SelectMany(h => h.Data).Concat(run.Cell!.SelectMany(c => c.Data));
        foreach (string gate in new[] { "input", "forget", "cell", "output" }) values = values.Concat(run.Gates[gate].SelectMany(g => g.Data));
        if (withGradients) values = values.Concat(run.Hidden.SelectMany(h => h.Grad!.Data));
        return [.. values];
    }
}
