namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// The fused LSTM and GRU make their per-step tensors (h_t, c_t, gates, dL/dh_t) on first access: from their working
/// buffers while Backward needs them, afterwards by replaying the recurrence on the call's inputs and weights. Either
/// way they must be the same bits; a replay after the weights or the input changed must say so instead.
/// </summary>
public class FusedStepValuesTests
{
    private const int Batch = 3, Steps = 5, Input = 4, Hidden = 6;

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Values_read_late_by_replay_equal_values_read_early_bit_for_bit(string kind)
    {
        var early = Run(kind, readBeforeBackward: true);
        var late = Run(kind, readBeforeBackward: false);
        Assert.Equal(early.Length, late.Length);
        Assert.Equal(early, late);
    }

    [Theory]
    [InlineData("LSTM", "weights")]
    [InlineData("LSTM", "input")]
    [InlineData("GRU", "weights")]
    [InlineData("GRU", "input")]
    public void A_late_read_after_the_weights_or_input_changed_is_an_error_that_says_what_to_do(string kind, string changed)
    {
        var layer = Layer(kind, fused: true);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        layer.Forward(x).Sum().Backward();
        var run = layer.LastRun!;
        if (changed == "weights") layer.Parameters().First().Data[0] += 0.5f;
        else x.Data[^1] = 7f;
        var ex = Assert.Throws<InvalidOperationException>(() => run.Hidden[0].Grad);
        Assert.Contains("Sequence: per-step values", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fused: false", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => run.Gates);
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Step_values_equal_the_unrolled_graph(string kind)
    {
        var fused = Run(kind, readBeforeBackward: false);
        var layer = Layer(kind, fused: false);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        (layer.Forward(x) * NodeTestKit.Random(2, -1, 1, Batch, Steps, Hidden)).Sum().Backward();
        var unrolled = Flatten(layer.LastRun!);
        Assert.Equal(unrolled.Length, fused.Length);
        for (int i = 0; i < fused.Length; i++) Assert.True(Math.Abs(fused[i] - unrolled[i]) < 1e-5f, $"value {i}: {fused[i]} vs {unrolled[i]}");
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void Forward_without_gradients_still_gives_every_step_value(string kind)
    {
        var layer = Layer(kind, fused: true);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        layer.Forward(x);
        var expected = Flatten(layer.LastRun!, withGradients: false);
        using (GradMode.Disable()) layer.Forward(x);
        Assert.Equal(expected, Flatten(layer.LastRun!, withGradients: false));
    }

    private static RecurrentLayer Layer(string kind, bool fused) =>
        kind == "LSTM" ? new LSTM(Input, Hidden, new Random(3), fused: fused) : new GRU(Input, Hidden, new Random(3), fused: fused);

    /// <summary>
    /// One fused forward + backward; returns every per-step value and dL/dh_t, flattened. Either reads them all before
    /// Backward (from the working buffers), or only after it (by replay).
    /// </summary>
    private static float[] Run(string kind, bool readBeforeBackward)
    {
        var layer = Layer(kind, fused: true);
        var x = NodeTestKit.Random(1, -1, 1, Batch, Steps, Input);
        var y = layer.Forward(x);
        var run = layer.LastRun!;
        if (readBeforeBackward) _ = Flatten(run, withGradients: false);
        (y * NodeTestKit.Random(2, -1, 1, Batch, Steps, Hidden)).Sum().Backward();
        return Flatten(run);
    }

    /// <summary>h_t, c_t (LSTM), every gate in name order and (optionally) dL/dh_t of every step.</summary>
    private static float[] Flatten(RecurrentRun run, bool withGradients = true)
    {
        IEnumerable<float> values = run.Hidden.SelectMany(h => h.Data);
        if (run.Cell is not null) values = values.Concat(run.Cell.SelectMany(c => c.Data));
        foreach (string gate in run.Gates.Keys.Order(StringComparer.Ordinal)) values = values.Concat(run.Gates[gate].SelectMany(g => g.Data));
        if (withGradients) values = values.Concat(run.Hidden.SelectMany(h => h.Grad!.Data));
        return [.. values];
    }
}
