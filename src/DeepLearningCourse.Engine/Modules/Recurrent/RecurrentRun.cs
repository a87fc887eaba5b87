namespace DeepLearningCourse.Engine;

/// <summary>
/// What one forward pass of a recurrent layer computed, step by step, for plots and inspection:
/// <c>layer.LastRun.Hidden[t]</c> is h_t [B, H], <c>layer.LastRun.Gates["forget"][t]</c> an LSTM's forget gate
/// activations [B, H] at step t. The hidden states are the graph's own tensors, so after <c>loss.Backward()</c>
/// each <c>Hidden[t].Grad</c> holds ∂L/∂h_t and <see cref="HiddenGradientNorms"/> shows how the gradient fades or
/// grows back through time.
/// </summary>
public sealed class RecurrentRun
{
    private readonly Func<IReadOnlyDictionary<string, IReadOnlyList<Tensor>>> _computeGates;
    private IReadOnlyDictionary<string, IReadOnlyList<Tensor>>? _gates;

    internal RecurrentRun(IReadOnlyList<Tensor> hidden, IReadOnlyList<Tensor>? cell,
        Func<IReadOnlyDictionary<string, IReadOnlyList<Tensor>>> computeGates)
    {
        Hidden = hidden;
        Cell = cell;
        _computeGates = computeGates;
    }

    /// <summary>Number of time steps T.</summary>
    public int Steps => Hidden.Count;

    /// <summary>h_t [B, H] for t = 0..T−1 (h_t is the state after reading input step t).</summary>
    public IReadOnlyList<Tensor> Hidden { get; }

    /// <summary>An LSTM's cell states c_t [B, H]; null for RNN and GRU.</summary>
    public IReadOnlyList<Tensor>? Cell { get; }

    /// <summary>
    /// Gate activations per step, each [B, H], values only (no graph): LSTM "input", "forget", "cell" (the
    /// candidate g = tanh), "output"; GRU "reset", "update", "candidate"; empty for a plain RNN. Computed on first use.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Tensor>> Gates => _gates ??= _computeGates();

    /// <summary>Hidden states of one batch item over time, [T, H] (values only): a heatmap with time down the rows.</summary>
    public Tensor HiddenOverTime(int batchItem = 0) => OverTime(Hidden, batchItem, "HiddenOverTime");

    /// <summary>One gate's activations for one batch item over time, [T, H] (values only), e.g. <c>GateOverTime("forget")</c>.</summary>
    public Tensor GateOverTime(string gate, int batchItem = 0)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (!Gates.TryGetValue(gate, out var steps))
            throw new ArgumentException($"GateOverTime: no gate \"{gate}\"; this layer records {(Gates.Count == 0 ? "no gates" : string.Join(", ", Gates.Keys.Order(StringComparer.Ordinal)))}.", nameof(gate));
        return OverTime(steps, batchItem, "GateOverTime");
    }

    /// <summary>
    /// ‖∂L/∂h_t‖ (Frobenius norm over the batch) for each step, after Backward; 0 where no gradient reached h_t.
    /// </summary>
    public double[] HiddenGradientNorms()
    {
        var norms = new double[Hidden.Count];
        for (int t = 0; t < norms.Length; t++)
        {
            Tensor? g = Hidden[t].Grad;
            if (g is null) continue;
            double sum = 0;
            foreach (float v in g.Data) sum += (double)v * v;
            norms[t] = Math.Sqrt(sum);
        }
        return norms;
    }

    private static Tensor OverTime(IReadOnlyList<Tensor> steps, int batchItem, string op)
    {
        int batch = steps[0].Shape[0], width = steps[0].Shape[1];
        if (batchItem < 0 || batchItem >= batch)
            throw new ArgumentOutOfRangeException(nameof(batchItem), $"{op}: batch item {batchItem} is outside 0..{batch - 1}.");
        var values = new float[steps.Count * width];
        for (int t = 0; t < steps.Count; t++) steps[t].Data.AsSpan(batchItem * width, width).CopyTo(values.AsSpan(t * width, width));
        return new Tensor(values, steps.Count, width);
    }
}
