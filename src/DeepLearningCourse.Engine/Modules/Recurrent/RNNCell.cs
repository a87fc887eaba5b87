namespace DeepLearningCourse.Engine;

/// <summary>
/// Plain (Elman) recurrent cell: h_t = tanh(x_t · W_x + h_{t-1} · W_h + b), one <see cref="RnnCellNode"/> per step.
/// Shapes: x_t [B, inputSize], h_{t-1} [B, hiddenSize] → h_t [B, hiddenSize]; InputWeight W_x [in, H],
/// HiddenWeight W_h [H, H], Bias b [H]. PyTorch's nn.RNNCell stores weight_ih = W_xᵀ [H, in], weight_hh = W_hᵀ and
/// two biases whose sum is b. Initialisation: weights U(−1/√H, 1/√H) as in PyTorch, bias 0.
/// </summary>
public sealed class RNNCell : Module
{
    public RNNCell(int inputSize, int hiddenSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"RNNCell: sizes must be positive, got input {inputSize} and hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        InputWeight = AddParameter("InputWeight", Tensor.Uniform(random, -bound, bound, inputSize, hiddenSize));
        HiddenWeight = AddParameter("HiddenWeight", Tensor.Uniform(random, -bound, bound, hiddenSize, hiddenSize));
        Bias = AddParameter("Bias", Tensor.Zeros(hiddenSize));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>W_x [inputSize, hiddenSize].</summary>
    public Tensor InputWeight { get; }

    /// <summary>W_h [hiddenSize, hiddenSize].</summary>
    public Tensor HiddenWeight { get; }

    /// <summary>b [hiddenSize].</summary>
    public Tensor Bias { get; }

    /// <summary>One step from a zero state.</summary>
    public override Tensor Forward(Tensor input) => Step(input, Tensor.Zeros(CellShapes.CheckInput(this, InputSize, input), HiddenSize));

    /// <summary>h_t from x_t [B, in] and h_{t-1} [B, H].</summary>
    public Tensor Step(Tensor input, Tensor hidden)
    {
        CellShapes.CheckState(this, "h", hidden, CellShapes.CheckInput(this, InputSize, input), HiddenSize);
        return new RnnCellNode().Apply(input, hidden, InputWeight, HiddenWeight, Bias);
    }

    public override string Describe() => $"RNNCell({InputSize} → {HiddenSize})";
}
