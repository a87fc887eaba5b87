namespace DeepLearningCourse.Engine;

/// <summary>
/// An LSTM layer unrolled over a batch-first sequence: x [B, T, inputSize] → [B, T, H] (all steps) or [B, H]
/// (last step). One <see cref="LSTMCell"/> (gate order i, f, g, o; weights [in, 4·H] and [H, 4·H]) is shared by
/// every step. Optional initial state h_0, c_0 [B, H] (zeros otherwise). <see cref="RecurrentLayer.LastRun"/> keeps
/// h_t, c_t and the gates ("input", "forget", "cell", "output") of each step.
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    public LSTM(int inputSize, int hiddenSize, Random random, bool returnSequences = true, float forgetBias = 1f)
        : base(inputSize, hiddenSize, returnSequences)
    {
        Cell = AddModule("cell", new LSTMCell(inputSize, hiddenSize, random, forgetBias));
    }

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

    private static Dictionary<string, IReadOnlyList<Tensor>> GatesPerStep(List<Tensor> preactivations)
    {
        var perStep = preactivations.Select(LSTMCell.GateActivations).ToList();
        return new[] { "input", "forget", "cell", "output" }
            .ToDictionary(name => name, name => (IReadOnlyList<Tensor>)perStep.Select(g => g[name]).ToList(), StringComparer.Ordinal);
    }
}
