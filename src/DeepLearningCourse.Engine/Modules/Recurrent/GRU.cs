namespace DeepLearningCourse.Engine;

/// <summary>
/// A GRU layer unrolled over a batch-first sequence: x [B, T, inputSize] → [B, T, H] (all steps) or [B, H]
/// (last step), one <see cref="GRUCell"/> (PyTorch's r, z, n convention) shared by every step.
/// <see cref="RecurrentLayer.LastRun"/> keeps h_t and the gates ("reset", "update", "candidate") of each step.
/// By default each step is a <see cref="GruCellNode"/> in the graph; with <see cref="Fused"/> the whole sequence is one
/// <see cref="GruSequenceNode"/> (same values and gradients, batched input projection and weight gradients).
/// </summary>
public sealed class GRU : RecurrentLayer
{
    public GRU(int inputSize, int hiddenSize, Random random, bool returnSequences = true, bool fused = false)
        : base(inputSize, hiddenSize, returnSequences)
    {
        Cell = AddModule("cell", new GRUCell(inputSize, hiddenSize, random));
        Fused = fused;
    }

    /// <summary>True: the whole sequence runs as one <see cref="GruSequenceNode"/>; false: step by step through the graph.</summary>
    public bool Fused { get; set; }

    /// <summary>The cell whose weights every step uses.</summary>
    public GRUCell Cell { get; }

    public override Tensor Forward(Tensor input, Tensor? initialHidden)
    {
        var (batch, steps) = CheckSequence(input, initialHidden, "the initial hidden state");
        Tensor h = initialHidden ?? Tensor.Zeros(batch, HiddenSize);
        if (Fused) return ForwardFused(input, h, steps);
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

    private Tensor ForwardFused(Tensor input, Tensor h0, int steps)
    {
        var node = new GruSequenceNode();
        Tensor all = node.Apply(input, h0, Cell.InputWeight, Cell.HiddenWeight, Cell.InputBias, Cell.HiddenBias);
        LastRun = new RecurrentRun(node.StepHidden, null, () =>
        {
            var perStep = Enumerable.Range(0, steps).Select(node.StepGates).ToList();
            return new[] { "reset", "update", "candidate" }
                .ToDictionary(name => name, name => (IReadOnlyList<Tensor>)perStep.Select(g => g[name]).ToList(), StringComparer.Ordinal);
        });
        return ReturnSequences ? all : all.TimeStep(steps - 1);
    }
}
