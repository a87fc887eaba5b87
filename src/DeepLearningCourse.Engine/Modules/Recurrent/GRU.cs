namespace DeepLearningCourse.Engine;

/// <summary>
/// A GRU layer unrolled over a batch-first sequence: x [B, T, inputSize] → [B, T, H] (all steps) or [B, H]
/// (last step), one <see cref="GRUCell"/> (PyTorch's r, z, n convention) shared by every step.
/// <see cref="RecurrentLayer.LastRun"/> keeps h_t and the gates ("reset", "update", "candidate") of each step.
/// </summary>
public sealed class GRU : RecurrentLayer
{
    public GRU(int inputSize, int hiddenSize, Random random, bool returnSequences = true)
        : base(inputSize, hiddenSize, returnSequences)
    {
        Cell = AddModule("cell", new GRUCell(inputSize, hiddenSize, random));
    }

    /// <summary>The cell whose weights every step uses.</summary>
    public GRUCell Cell { get; }

    public override Tensor Forward(Tensor input, Tensor? initialHidden)
    {
        var (batch, steps) = CheckSequence(input, initialHidden, "the initial hidden state");
        Tensor h = initialHidden ?? Tensor.Zeros(batch, HiddenSize);
        var hidden = new List<Tensor>(steps);
        var nodes = new List<GruCellNode>(steps);
        for (int t = 0; t < steps; t++)
        {
            GruCellNode node = Cell.StepNode(input.TimeStep(t), h);
            h = node.Output!;
            hidden.Add(h);
            nodes.Add(node);
        }
        LastRun = new RecurrentRun(hidden, null, () => new[] { "reset", "update", "candidate" }
            .ToDictionary(name => name, name => (IReadOnlyList<Tensor>)nodes.Select(n => n.Gates[name]).ToList(), StringComparer.Ordinal));
        return Output(hidden);
    }
}
