namespace DeepLearningCourse.Engine.Tests;

/// <summary>The fused sequence nodes share the batch between cores; the result must not depend on how.</summary>
public class BatchSliceTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(32)]
    public void Lstm_sequence_gives_the_same_bits_for_every_number_of_batch_slices(int batch)
    {
        var expected = RunLstm(1, batch);
        foreach (int slices in new[] { 2, 3, batch, batch + 4 }) Assert.Equal(expected, RunLstm(slices, batch));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(32)]
    public void Gru_sequence_gives_the_same_bits_for_every_number_of_batch_slices(int batch)
    {
        var expected = RunGru(1, batch);
        foreach (int slices in new[] { 2, 3, batch, batch + 4 }) Assert.Equal(expected, RunGru(slices, batch));
    }

    [Fact]
    public void Slices_cover_the_batch_in_order_without_gaps()
    {
        foreach (int batch in new[] { 1, 2, 7, 32 })
        {
            foreach (int requested in new[] { 1, 2, 3, 40 })
            {
                int slices = BatchSlices.Count(batch, requested), next = 0;
                Assert.InRange(slices, 1, batch);
                for (int s = 0; s < slices; s++)
                {
                    var (first, end) = BatchSlices.Range(batch, s, slices);
                    Assert.Equal(next, first);
                    Assert.True(end > first, $"slice {s} of {slices} for batch {batch} is empty");
                    next = end;
                }
                Assert.Equal(batch, next);
            }
        }
        Assert.Equal(Math.Min(5, Gemm.Threads), BatchSlices.Count(5, 0));
    }

    /// <summary>Outputs, per-step hidden gradients and every input gradient of one forward + backward, flattened.</summary>
    private static float[] RunLstm(int slices, int batch)
    {
        const int steps = 6, input = 5, hidden = 20;
        Tensor[] inputs =
        [
            NodeTestKit.Random(1, -1, 1, batch, steps, input), NodeTestKit.Random(2, -1, 1, batch, hidden),
            NodeTestKit.Random(3, -1, 1, batch, hidden), NodeTestKit.Random(4, -0.5f, 0.5f, input, 4 * hidden),
            NodeTestKit.Random(5, -0.5f, 0.5f, hidden, 4 * hidden), NodeTestKit.Random(6, -0.5f, 0.5f, 4 * hidden),
        ];
        foreach (var tensor in inputs) tensor.RequiresGrad = true;
        var node = new LstmSequenceNode(slices);
        var y = node.Apply(inputs);
        (y * NodeTestKit.Random(7, -1, 1, y.Shape)).Sum().Backward();
        return [.. y.Data, .. node.StepHidden.SelectMany(h => h.Grad!.Data), .. inputs.SelectMany(t => t.Grad!.Data)];
    }

    /// <summary>The same for the GRU sequence node.</summary>
    private static float[] RunGru(int slices, int batch)
    {
        const int steps = 6, input = 5, hidden = 20;
        Tensor[] inputs =
        [
            NodeTestKit.Random(1, -1, 1, batch, steps, input), NodeTestKit.Random(2, -1, 1, batch, hidden),
            NodeTestKit.Random(4, -0.5f, 0.5f, input, 3 * hidden), NodeTestKit.Random(5, -0.5f, 0.5f, hidden, 3 * hidden),
            NodeTestKit.Random(6, -0.5f, 0.5f, 3 * hidden), NodeTestKit.Random(8, -0.5f, 0.5f, 3 * hidden),
        ];
        foreach (var tensor in inputs) tensor.RequiresGrad = true;
        var node = new GruSequenceNode(slices);
        var y = node.Apply(inputs);
        (y * NodeTestKit.Random(7, -1, 1, y.Shape)).Sum().Backward();
        return [.. y.Data, .. node.StepHidden.SelectMany(h => h.Grad!.Data), .. inputs.SelectMany(t => t.Grad!.Data)];
    }
}
