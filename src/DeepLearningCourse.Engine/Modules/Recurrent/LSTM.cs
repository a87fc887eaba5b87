namespace DeepLearningCourse.Engine;

/// <summary>
/// An LSTM layer unrolled over a batch-first sequence: x [B, T, inputSize] → [B, T, H] (all steps) or [B, H]
/// (last step). One <see cref="LSTMCell"/> (gate order i, f, g, o; weights [in, 4·H] and [H, 4·H]) is shared by
/// every step. Optional initial state h_0, c_0 [B, H] (zeros otherwise). <see cref="RecurrentLayer.LastRun"/> keeps
/// h_t, c_t and the gates ("input", "forget", "cell", "output") of each step.
/// By default each step is ordinary nodes in the graph (three per step, see <see cref="LSTMCell"/>); with
/// <see cref="Fused"/> the whole sequence is one <see cref="LstmSequenceNode"/> (same values and gradients, several
/// times faster: one matrix product for all input projections and for each weight gradient). Either way, after
/// Backward <c>LastRun.Hidden[t].Grad</c> holds ∂L/∂h_t.
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    public LSTM(int inputSize, int hiddenSize, Random random, bool returnSequences = true, float forgetBias = 1f, bool fused = false)
        : base(inputSize, hiddenSize, returnSequences)
    {
        Cell = AddModule("cell", new LSTMCell(inputSize, hiddenSize, random, forgetBias));
        Fused = fused;
    }

    /// <summary>True: the whole sequence runs as one <see cref="LstmSequenceNode"/>; false: step by step through the graph.</summary>
    public bool Fused { get; set; }

    /// <summary>The cell whose weights every step uses.</summary>
    public LSTMCell Cell { get; }

    public override Tensor Forward(Tensor input, Tensor? initialHidden) => Forward(input, initialHidden, null);

    /// <summary>Reads the sequence from h_0 and c_0 [B, H] (zeros when null).</summary>
    public Tensor Forward(Tensor input, Tensor? initialHidden, Tensor? initialCell)
    {
        var (batch, steps) = CheckSequence(input, initialHidden, "the initial hidden state");
        CheckSequence(input, initialCell, "the initial cell state");
        Tensor h = initialHidden ?? Tensor.Zeros(batch, HiddenSize);
        Tensor c = initialCell ?? Tensor.Zeros(batch, HiddenSize);
        if (Fused) return ForwardFused(input, h, c, steps);
        var hidden = new List<Tensor>(steps);
        var cells = new List<Tensor>(steps);
        var preactivations = new List<Tensor>(steps);
        for (int t = 0; t < steps; t++)
        {
            Tensor z;
            (h, c, z) = Cell.StepWithGates(input.TimeStep(t), h, c);
            hidden.Add(h);
            cells.Add(c);
            preactivations.Add(z);
        }
        LastRun = new RecurrentRun(hidden, cells, () => GatesPerStep(preactivations));
        return Output(hidden);
    }

    private Tensor ForwardFused(Tensor input, Tensor h0, Tensor c0, int steps)
    {
        var node = new LstmSequenceNode();
        Tensor all = node.Apply(input, h0, c0, Cell.InputWeight, Cell.HiddenWeight, Cell.Bias);
        LastRun = new RecurrentRun(node.StepHidden, node.StepCell, () =>
        {
            var perStep = Enumerable.Range(0, steps).Select(t => GateActivationsFromValues(node.StepGates(t))).ToList();
            return new[] { "input", "forget", "cell", "output" }
                .ToDictionary(name => name, name => (IReadOnlyList<Tensor>)perStep.Select(g => g[name]).ToList(), StringComparer.Ordinal);
        });
        return ReturnSequences ? all : all.TimeStep(steps - 1);
    }

    /// <summary>Splits activations [B, 4·H] (already σ/tanh) into the four named gates.</summary>
    private static Dictionary<string, Tensor> GateActivationsFromValues(Tensor activations)
    {
        int batch = activations.Shape[0], hidden = activations.Shape[1] / 4;
        var names = new[] { "input", "forget", "cell", "output" };
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int gate = 0; gate < 4; gate++)
        {
            var values = new float[batch * hidden];
            for (int b = 0; b < batch; b++)
                activations.Data.AsSpan(b * 4 * hidden + gate * hidden, hidden).CopyTo(values.AsSpan(b * hidden, hidden));
            result[names[gate]] = new Tensor(values, batch, hidden);
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyList<Tensor>> GatesPerStep(List<Tensor> preactivations)
    {
        var perStep = preactivations.Select(LSTMCell.GateActivations).ToList();
        return new[] { "input", "forget", "cell", "output" }
            .ToDictionary(name => name, name => (IReadOnlyList<Tensor>)perStep.Select(g => g[name]).ToList(), StringComparer.Ordinal);
    }
}
