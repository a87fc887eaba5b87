namespace DeepLearningCourse.Engine;

/// <summary>
/// Gated recurrent unit (Cho et al. 2014) in PyTorch's convention, gates r (reset), z (update), n (candidate):
/// <code>
/// r = σ(x·W_xr + b_xr + h·W_hr + b_hr)
/// z = σ(x·W_xz + b_xz + h·W_hz + b_hz)
/// n = tanh(x·W_xn + b_xn + r ⊙ (h·W_hn + b_hn))
/// h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
/// </code>
/// Weight layout: InputWeight W_x [in, 3·H], HiddenWeight W_h [H, 3·H], InputBias b_x [3·H], HiddenBias b_h [3·H],
/// blocks r, z, n. PyTorch: weight_ih_l0 = W_xᵀ, weight_hh_l0 = W_hᵀ, bias_ih_l0 = b_x, bias_hh_l0 = b_h.
/// (Some textbooks write h_t = z ⊙ n + (1 − z) ⊙ h_{t-1}; that is the same cell with z and 1 − z swapped.)
/// Initialisation: weights U(−1/√H, 1/√H), biases 0. One fused <see cref="GruCellNode"/> per step.
/// </summary>
public sealed class GRUCell : Module
{
    public GRUCell(int inputSize, int hiddenSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"GRUCell: sizes must be positive, got input {inputSize} and hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        InputWeight = AddParameter("InputWeight", Tensor.Uniform(random, -bound, bound, inputSize, 3 * hiddenSize));
        HiddenWeight = AddParameter("HiddenWeight", Tensor.Uniform(random, -bound, bound, hiddenSize, 3 * hiddenSize));
        InputBias = AddParameter("InputBias", Tensor.Zeros(3 * hiddenSize));
        HiddenBias = AddParameter("HiddenBias", Tensor.Zeros(3 * hiddenSize));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>W_x [inputSize, 3·hiddenSize], blocks r, z, n.</summary>
    public Tensor InputWeight { get; }

    /// <summary>W_h [hiddenSize, 3·hiddenSize], blocks r, z, n.</summary>
    public Tensor HiddenWeight { get; }

    /// <summary>b_x [3·hiddenSize].</summary>
    public Tensor InputBias { get; }

    /// <summary>b_h [3·hiddenSize] (inside the reset gate's product for the n block).</summary>
    public Tensor HiddenBias { get; }

    /// <summary>One step from a zero state.</summary>
    public override Tensor Forward(Tensor input)
    {
        return Step(input, Tensor.Zeros(CellShapes.CheckInput(this, InputSize, input), HiddenSize));
    }

    /// <summary>h_t from x_t [B, in] and h_{t-1} [B, H].</summary>
    public Tensor Step(Tensor input, Tensor hidden) => StepNode(input, hidden).Output!;

    /// <summary>Runs one step and returns its node, whose <see cref="GruCellNode.Gates"/> hold r, z, n.</summary>
    public GruCellNode StepNode(Tensor input, Tensor hidden)
    {
        CellShapes.CheckState(this, "h", hidden, CellShapes.CheckInput(this, InputSize, input), HiddenSize);
        var node = new GruCellNode();
        node.Apply(input, hidden, InputWeight, HiddenWeight, InputBias, HiddenBias);
        return node;
    }

    public override string Describe() => $"GRUCell({InputSize} → {HiddenSize})";
}
