namespace DeepLearningCourse.Engine.Tests;

public class RecurrentLayerTests
{
    private static Tensor Sequence(int seed, int batch, int steps, int features) => NodeTestKit.Random(seed, -1, 1, batch, steps, features);

    /// <summary>Σ u ⊙ y for a fixed random u, so every output element matters to the loss.</summary>
    private static Tensor WeightedSum(Tensor y, int seed) => (y * NodeTestKit.Random(seed, -1, 1, y.Shape)).Sum();

    [Fact]
    public void Lstm_layer_matches_the_equations_written_out_step_by_step()
    {
        var lstm = new LSTM(3, 2, new Random(1));
        var x = Sequence(2, 2, 4, 3);
        var y = lstm.Forward(x);
        Assert.Equal([2, 4, 2], y.Shape);
        var cell = lstm.Cell;
        const int H = 2;
        for (int b = 0; b < 2; b++)
        {
            var h = new double[H];
            var c = new double[H];
            for (int t = 0; t < 4; t++)
            {
                var z = new double[4 * H];
                for (int col = 0; col < 4 * H; col++)
                {
                    z[col] = cell.Bias.Data[col];
                    for (int p = 0; p < 3; p++) z[col] += x[b, t, p] * cell.InputWeight[p, col];
                    for (int p = 0; p < H; p++) z[col] += h[p] * cell.HiddenWeight[p, col];
                }
                for (int j = 0; j < H; j++)
                {
                    double i = RecurrentNodeTests.Sigmoid(z[j]), f = RecurrentNodeTests.Sigmoid(z[H + j]);
                    double g = Math.Tanh(z[2 * H + j]), o = RecurrentNodeTests.Sigmoid(z[3 * H + j]);
                    c[j] = f * c[j] + i * g;
                    h[j] = o * Math.Tanh(c[j]);
                    Assert.Equal(h[j], y[b, t, j], 5);
                    Assert.Equal(c[j], lstm.LastRun!.Cell![t][b, j], 5);
                    Assert.Equal(f, lstm.LastRun.Gates["forget"][t][b, j], 5);
                }
            }
        }
    }

    [Fact]
    public void Fused_lstm_step_equals_the_composite_reference_in_values_and_gradients()
    {
        var cell = new LSTMCell(3, 4, new Random(5));
        Tensor x = NodeTestKit.Random(1, -1, 1, 2, 3), h = NodeTestKit.Random(2, -1, 1, 2, 4), c = NodeTestKit.Random(3, -1, 1, 2, 4);
        Tensor uh = NodeTestKit.Random(4, -1, 1, 2, 4), uc = NodeTestKit.Random(5, -1, 1, 2, 4);
        Tensor[] Gradients(Func<(Tensor, Tensor)> step)
        {
            cell.ZeroGrad();
            foreach (var t in new[] { x, h, c }) t.WithGrad().ZeroGrad();
            var (h1, c1) = step();
            ((h1 * uh).Sum() + (c1 * uc).Sum()).Backward();
            return [h1, c1, x.Grad!, h.Grad!, c.Grad!, cell.InputWeight.Grad!, cell.HiddenWeight.Grad!, cell.Bias.Grad!];
        }
        var fused = Gradients(() => cell.Step(x, h, c));
        var composite = Gradients(() => cell.StepComposite(x, h, c));
        for (int i = 0; i < fused.Length; i++) Assert.True(fused[i].AllClose(composite[i], 1e-5f), $"entry {i} differs");
    }

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 4)]
    [InlineData(true, 19)] // longer than a SIMD vector, with a remainder
    public void Fused_sequence_node_equals_the_unrolled_graph(bool manyToMany, int hidden)
    {
        var lstm = new LSTM(3, hidden, new Random(5), returnSequences: manyToMany);
        Tensor x = NodeTestKit.Random(1, -1, 1, 2, 5, 3).WithGrad(), h0 = NodeTestKit.Random(2, -1, 1, 2, hidden).WithGrad(), c0 = NodeTestKit.Random(3, -1, 1, 2, hidden).WithGrad();
        (Tensor[] Values, double[] Norms, Tensor Forget) Run(bool fused)
        {
            lstm.Fused = fused;
            lstm.ZeroGrad();
            foreach (var t in new[] { x, h0, c0 }) t.ZeroGrad();
            var y = lstm.Forward(x, h0, c0);
            WeightedSum(y, 7).Backward();
            Tensor[] values = [y, x.Grad!, h0.Grad!, c0.Grad!, lstm.Cell.InputWeight.Grad!, lstm.Cell.HiddenWeight.Grad!, lstm.Cell.Bias.Grad!, lstm.LastRun!.Cell![4]];
            return (values, lstm.LastRun.HiddenGradientNorms(), lstm.LastRun.Gates["forget"][2]);
        }
        var fused = Run(true);
        var unrolled = Run(false);
        for (int i = 0; i < fused.Values.Length; i++) Assert.True(fused.Values[i].AllClose(unrolled.Values[i], 1e-5f), $"entry {i} differs");
        for (int t = 0; t < 5; t++) Assert.Equal(unrolled.Norms[t], fused.Norms[t], 4);
        Assert.True(fused.Forget.AllClose(unrolled.Forget, 1e-6f));
    }

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 19)]
    public void Fused_gru_sequence_node_equals_the_unrolled_graph(bool manyToMany, int hidden)
    {
        var gru = new GRU(3, hidden, new Random(5), returnSequences: manyToMany);
        Tensor x = NodeTestKit.Random(1, -1, 1, 2, 5, 3).WithGrad(), h0 = NodeTestKit.Random(2, -1, 1, 2, hidden).WithGrad();
        (Tensor[] Values, double[] Norms, Tensor Reset) Run(bool fused)
        {
            gru.Fused = fused;
            gru.ZeroGrad();
            x.ZeroGrad();
            h0.ZeroGrad();
            var y = gru.Forward(x, h0);
            WeightedSum(y, 7).Backward();
            Tensor[] values = [y, x.Grad!, h0.Grad!, gru.Cell.InputWeight.Grad!, gru.Cell.HiddenWeight.Grad!, gru.Cell.InputBias.Grad!, gru.Cell.HiddenBias.Grad!];
            return (values, gru.LastRun!.HiddenGradientNorms(), gru.LastRun.Gates["reset"][3]);
        }
        var fused = Run(true);
        var unrolled = Run(false);
        for (int i = 0; i < fused.Values.Length; i++) Assert.True(fused.Values[i].AllClose(unrolled.Values[i], 1e-5f), $"entry {i} differs");
        for (int t = 0; t < 5; t++) Assert.Equal(unrolled.Norms[t], fused.Norms[t], 4);
        Assert.True(fused.Reset.AllClose(unrolled.Reset, 1e-6f));
    }

    [Fact]
    public void Fused_gru_sequence_node_passes_the_gradient_check_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new GruSequenceNode(),
            [Sequence(1, 2, 4, 3), NodeTestKit.Random(2, -1, 1, 2, 2), NodeTestKit.Random(3, -1, 1, 3, 6), NodeTestKit.Random(4, -1, 1, 2, 6), NodeTestKit.Random(5, -1, 1, 6), NodeTestKit.Random(6, -1, 1, 6)]);
        var gru = new GRU(3, 3, new Random(2), fused: true);
        NodeTestKit.AssertFanOutDoublesGradient(t => gru.Forward(t), Sequence(7, 2, 4, 3));
    }

    [Fact]
    public void Fused_nodes_reuse_working_buffers_safely_across_sizes_and_retained_graphs()
    {
        var lstm = new LSTM(3, 5, new Random(1), fused: true);
        var gru = new GRU(3, 5, new Random(2), fused: true);
        foreach (RecurrentLayer layer in new RecurrentLayer[] { lstm, gru })
        {
            // A large call returns its (longer, dirty) buffers to the pool; a smaller one rents them next.
            layer.Forward(Sequence(1, 8, 9, 3)).Sum().Backward();
            var x = Sequence(2, 2, 4, 3);
            layer.ZeroGrad();
            var y = layer.Forward(x);
            var loss = WeightedSum(y, 3);
            loss.Backward(retainGraph: true);
            var first = layer.Parameters().Select(p => p.Grad!.Clone()).ToList();
            layer.ZeroGrad();
            loss.Backward();
            var second = layer.Parameters().Select(p => p.Grad!).ToList();
            for (int i = 0; i < first.Count; i++) Assert.Equal(first[i].Data, second[i].Data);

            layer.ZeroGrad();
            if (layer is LSTM l) l.Fused = false; else ((GRU)layer).Fused = false;
            WeightedSum(layer.Forward(x), 3).Backward();
            var unrolled = layer.Parameters().Select(p => p.Grad!).ToList();
            for (int i = 0; i < first.Count; i++) Assert.True(first[i].AllClose(unrolled[i], 1e-5f), $"{layer.Name} parameter {i} differs");
        }
    }

    [Fact]
    public void Same_seed_same_bits_on_benchmark_sized_layers()
    {
        // Sizes large enough for the multi-threaded matrix products: results must still repeat bit for bit.
        float[] Run()
        {
            var lstm = new LSTM(32, 64, new Random(11), fused: true);
            var y = lstm.Forward(Sequence(12, 16, 6, 32));
            y.Sum().Backward();
            return [.. y.Data, .. lstm.Cell.HiddenWeight.Grad!.Data];
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Fused_sequence_node_passes_the_gradient_check()
    {
        NodeTestKit.AssertGradientsMatch(() => new LstmSequenceNode(),
            [Sequence(1, 2, 4, 3), NodeTestKit.Random(2, -1, 1, 2, 2), NodeTestKit.Random(3, -1, 1, 2, 2), NodeTestKit.Random(4, -1, 1, 3, 8), NodeTestKit.Random(5, -1, 1, 2, 8), NodeTestKit.Random(6, -1, 1, 8)]);
        var lstm = new LSTM(3, 3, new Random(2), fused: true);
        var x = Sequence(7, 2, 4, 3);
        NodeTestKit.AssertFanOutDoublesGradient(t => lstm.Forward(t), x);
    }

    [Fact]
    public void Lstm_forget_bias_defaults_to_one_in_the_forget_block_only()
    {
        var cell = new LSTMCell(2, 3, new Random(1));
        NodeTestKit.AssertValues(cell.Bias, [12], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
        Assert.Equal([2, 12], cell.InputWeight.Shape);
        Assert.Equal([3, 12], cell.HiddenWeight.Shape);
        Assert.All(new LSTMCell(2, 3, new Random(1), forgetBias: 0f).Bias.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Rnn_layer_equals_its_cell_applied_step_by_step()
    {
        var rnn = new RNN(2, 3, new Random(3));
        var x = Sequence(4, 2, 5, 2);
        var h0 = NodeTestKit.Random(5, -1, 1, 2, 3);
        var y = rnn.Forward(x, h0);
        Tensor h = h0;
        for (int t = 0; t < 5; t++)
        {
            h = rnn.Cell.Step(x.TimeStep(t), h);
            Assert.True(h.AllClose(rnn.LastRun!.Hidden[t], 1e-6f));
            for (int b = 0; b < 2; b++)
            {
                for (int j = 0; j < 3; j++) Assert.Equal(h[b, j], y[b, t, j], 6);
            }
        }
    }

    [Fact]
    public void Many_to_one_returns_the_last_hidden_state()
    {
        var gru = new GRU(2, 4, new Random(6), returnSequences: false);
        var x = Sequence(7, 3, 5, 2);
        var last = gru.Forward(x);
        Assert.Equal([3, 4], last.Shape);
        Assert.Same(gru.LastRun!.Hidden[4], last);
        gru.ReturnSequences = true;
        var all = gru.Forward(x);
        Assert.Equal([3, 5, 4], all.Shape);
        for (int b = 0; b < 3; b++)
        {
            for (int j = 0; j < 4; j++) Assert.Equal(last[b, j], all[b, 4, j], 6);
        }
    }

    [Fact]
    public void Gru_layer_exposes_gates_per_step()
    {
        var gru = new GRU(2, 3, new Random(1));
        gru.Forward(Sequence(2, 2, 4, 2));
        var gates = gru.LastRun!.Gates;
        Assert.Equal(["candidate", "reset", "update"], gates.Keys.Order().ToArray());
        Assert.Equal(4, gates["update"].Count);
        Assert.All(gates["update"][3].Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Empty(new RNN(2, 3, new Random(1)).Also(r => r.Forward(Sequence(2, 2, 4, 2))).LastRun!.Gates);
    }

    [Fact]
    public void Whole_unrolled_sequences_pass_the_gradient_check()
    {
        var x = Sequence(10, 2, 4, 3);
        var h0 = NodeTestKit.Random(11, -1, 1, 2, 3);
        var c0 = NodeTestKit.Random(12, -1, 1, 2, 3);
        var rnn = new RNN(3, 3, new Random(1));
        AssertModelGradients(rnn, () => WeightedSum(rnn.Forward(x, h0), 20));
        var lstm = new LSTM(3, 3, new Random(2));
        AssertModelGradients(lstm, () => WeightedSum(lstm.Forward(x, h0, c0), 21));
        var gru = new GRU(3, 3, new Random(3), returnSequences: false);
        AssertModelGradients(gru, () => WeightedSum(gru.Forward(x, h0), 22));
    }

    [Fact]
    public void Gradients_reach_the_input_sequence_and_the_initial_state()
    {
        var lstm = new LSTM(2, 3, new Random(4));
        var h0 = NodeTestKit.Random(5, -1, 1, 2, 3);
        var c0 = NodeTestKit.Random(6, -1, 1, 2, 3);
        NodeTestKit.AssertGradientsMatch(xs => lstm.Forward(xs[0], xs[1], xs[2]), Sequence(7, 2, 3, 2), h0, c0);
        var gru = new GRU(2, 3, new Random(8));
        NodeTestKit.AssertGradientsMatch(xs => gru.Forward(xs[0], xs[1]), Sequence(9, 2, 3, 2), NodeTestKit.Random(10, -1, 1, 2, 3));
    }

    [Fact]
    public void Weight_sharing_over_time_is_fan_out_and_sums_per_step_gradients()
    {
        // A many-to-one RNN whose loss is h_T: dW_h is the sum over the steps, which the step-by-step cell reproduces.
        var rnn = new RNN(2, 2, new Random(1), returnSequences: false);
        var x = Sequence(2, 1, 3, 2);
        rnn.ZeroGrad();
        rnn.Forward(x).Sum().Backward();
        var fromLayer = rnn.Cell.HiddenWeight.Grad!.Clone();
        rnn.ZeroGrad();
        Tensor h = Tensor.Zeros(1, 2);
        for (int t = 0; t < 3; t++) h = rnn.Cell.Step(x.TimeStep(t), h);
        h.Sum().Backward();
        Assert.True(fromLayer.AllClose(rnn.Cell.HiddenWeight.Grad!, 1e-6f));
        NodeTestKit.AssertFanOutDoublesGradient(w => new RnnCellNode().Apply(x.TimeStep(0), Tensor.Zeros(1, 2), rnn.Cell.InputWeight, w, rnn.Cell.Bias), rnn.Cell.HiddenWeight);
    }

    [Fact]
    public void Per_step_hidden_gradients_are_kept_after_backward()
    {
        var lstm = new LSTM(2, 4, new Random(3), returnSequences: false);
        lstm.Forward(Sequence(4, 2, 6, 2)).Sum().Backward();
        double[] norms = lstm.LastRun!.HiddenGradientNorms();
        Assert.Equal(6, norms.Length);
        Assert.All(norms, n => Assert.True(n > 0));
        Assert.Equal(Math.Sqrt(8), norms[5], 5); // dL/dh_T is all ones over [2, 4]
        Assert.True(norms[0] < norms[5]);
    }

    [Fact]
    public void Per_step_values_are_available_as_time_by_feature_matrices_for_heatmaps()
    {
        var lstm = new LSTM(2, 3, new Random(1));
        lstm.Forward(Sequence(2, 2, 4, 2));
        var run = lstm.LastRun!;
        var hidden = run.HiddenOverTime(1);
        Assert.Equal([4, 3], hidden.Shape);
        Assert.Equal(run.Hidden[2][1, 0], hidden[2, 0]);
        Assert.Equal(run.Gates["forget"][3][1, 2], run.GateOverTime("forget", 1)[3, 2]);
        var ex = Assert.Throws<ArgumentException>(() => run.GateOverTime("reset"));
        Assert.Contains("cell, forget, input, output", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => run.HiddenOverTime(2));
    }

    [Fact]
    public void Wrong_rank_or_size_names_the_layer_and_the_expected_layout()
    {
        var lstm = new LSTM(3, 4, new Random(1));
        var ex = Assert.Throws<ShapeException>(() => lstm.Forward(Tensor.Zeros(5, 3)));
        Assert.StartsWith("LSTM(3 → 4, all steps): input has shape [5, 3] but must be [batch, time, 3]", ex.Message);
        Assert.Contains("reshape it to [1, T, 3]", ex.Message);
        Assert.Throws<ShapeException>(() => lstm.Forward(Tensor.Zeros(2, 5, 2)));
        var state = Assert.Throws<ShapeException>(() => lstm.Forward(Tensor.Zeros(2, 5, 3), Tensor.Zeros(3, 4)));
        Assert.Contains("must be [batch, hidden] = [2, 4]", state.Message);
    }

    private static void AssertModelGradients(Module model, Func<Tensor> loss)
    {
        var result = GradientCheck.CheckModel(model, loss);
        Assert.True(result.Passed, result.ToString());
    }
}

internal static class FluentTestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
