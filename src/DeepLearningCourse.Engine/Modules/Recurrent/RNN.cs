namespace DeepLearningCourse.Engine;

/// <summary>
/// A plain RNN layer unrolled over a batch-first sequence: x [B, T, inputSize] → [B, T, H] (all steps) or [B, H]
/// (last step), h_t = tanh(x_t · W_x + h_{t-1} · W_h + b) with one <see cref="RNNCell"/> shared by every step.
/// <see cref="RecurrentLayer.LastRun"/> keeps h_t for each t.
/// </summary>
public sealed class RNN : RecurrentLayer
{
    public RNN(int inputSize, int hiddenSize, Random random, bool returnSequences = true)
        : base(inputSize, hiddenSize, returnSequences)
    {
        Cell = AddModule("cell", new RNNCell(inputSize, hiddenSize, random));
    }

    /// <summary>The cell whose weights every step uses.</summary>
    public RNNCell Cell { get; }

    public override Tensor Forward(Tensor input, Tensor? initialHidden)
    {
        var (batch, steps) = CheckSequence(input, initialHidden, "the initial hidden state");
        Tensor h = initialHidden ?? Tensor.Zeros(batch, HiddenSize);
        var hidden = new List<Tensor>(steps);
        for (int t = 0; t < steps; t++)
        {
            h = Cell.Step(input.TimeStep(t), h);
            hidden.Add(h);
        }
        LastRun = new RecurrentRun(hidden, null, () => new Dictionary<string, IReadOnlyList<Tensor>>());
        return Output(hidden);
    }
}
