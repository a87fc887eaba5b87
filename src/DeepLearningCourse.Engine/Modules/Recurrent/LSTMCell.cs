namespace DeepLearningCourse.Engine;

/// <summary>
/// Long short-term memory cell (Hochreiter &amp; Schmidhuber 1997, with forget gate):
/// <code>
/// z = x_t · W_x + h_{t-1} · W_h + b           [B, 4·H], blocks [i | f | g | o]
/// i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
/// c_t = f ⊙ c_{t-1} + i ⊙ g
/// h_t = o ⊙ tanh(c_t)
/// </code>
/// Gate order i (input), f (forget), g (cell candidate), o (output), as in PyTorch.
/// Weight layout: InputWeight W_x [inputSize, 4·H], HiddenWeight W_h [H, 4·H], Bias b [4·H], columns in gate order.
/// PyTorch's nn.LSTM stores weight_ih_l0 [4·H, in] = W_xᵀ, weight_hh_l0 [4·H, H] = W_hᵀ, and
/// bias_ih_l0 + bias_hh_l0 = b; so <c>W_x = weight_ih_l0.T</c> copies a PyTorch model into this one.
/// Initialisation: weights U(−1/√H, 1/√H) as in PyTorch; bias 0 except the forget block, set to
/// <c>forgetBias</c> (default 1, Jozefowicz et al. 2015) so the cell starts by remembering.
/// Each step is three nodes: <see cref="RecurrentProjectionNode"/> (z), <see cref="LstmCellStateNode"/> (c_t) and
/// <see cref="LstmHiddenNode"/> (h_t), the last two with the gate math fused.
/// </summary>
public sealed class LSTMCell : Module
{
    public LSTMCell(int inputSize, int hiddenSize, Random random, float forgetBias = 1f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"LSTMCell: sizes must be positive, got input {inputSize} and hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        ForgetBias = forgetBias;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        InputWeight = AddParameter("InputWeight", Tensor.Uniform(random, -bound, bound, inputSize, 4 * hiddenSize));
        HiddenWeight = AddParameter("HiddenWeight", Tensor.Uniform(random, -bound, bound, hiddenSize, 4 * hiddenSize));
        var bias = Tensor.Zeros(4 * hiddenSize);
        bias.Data.AsSpan(hiddenSize, hiddenSize).Fill(forgetBias);
        Bias = AddParameter("Bias", bias);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Initial value of the forget-gate block of <see cref="Bias"/>.</summary>
    public float ForgetBias { get; }

    /// <summary>W_x [inputSize, 4·hiddenSize], gate blocks i, f, g, o.</summary>
    public Tensor InputWeight { get; }

    /// <summary>W_h [hiddenSize, 4·hiddenSize], gate blocks i, f, g, o.</summary>
    public Tensor HiddenWeight { get; }

    /// <summary>b [4·hiddenSize], gate blocks i, f, g, o.</summary>
    public Tensor Bias { get; }

    /// <summary>h_1 from a zero state (h_0 = c_0 = 0).</summary>
    public override Tensor Forward(Tensor input)
    {
        var zeros = Tensor.Zeros(CellShapes.CheckInput(this, InputSize, input), HiddenSize);
        return Step(input, zeros, zeros).Hidden;
    }

    /// <summary>(h_t, c_t) from x_t [B, in], h_{t-1} [B, H] and c_{t-1} [B, H].</summary>
    public (Tensor Hidden, Tensor Cell) Step(Tensor input, Tensor hidden, Tensor cell)
    {
        var (h, c, _) = StepWithGates(input, hidden, cell);
        return (h, c);
    }

    /// <summary>Like <see cref="Step"/>, also returning the gate pre-activations z [B, 4·H].</summary>
    public (Tensor Hidden, Tensor Cell, Tensor Gates) StepWithGates(Tensor input, Tensor hidden, Tensor cell)
    {
        CheckStates(input, hidden, cell);
        Tensor z = new RecurrentProjectionNode(4).Apply(input, hidden, InputWeight, HiddenWeight, Bias);
        Tensor c = new LstmCellStateNode().Apply(z, cell);
        Tensor h = new LstmHiddenNode().Apply(z, c);
        return (h, c, z);
    }

    /// <summary>
    /// The same step written with ordinary ops (MatMul, Slice, Sigmoid, Tanh, *, +): the reference the fused gate
    /// nodes are tested against, and the version to read next to the equations. Slower: about a dozen nodes per step.
    /// </summary>
    public (Tensor Hidden, Tensor Cell) StepComposite(Tensor input, Tensor hidden, Tensor cell)
    {
        CheckStates(input, hidden, cell);
        int n = HiddenSize;
        Tensor z = input.MatMul(InputWeight) + hidden.MatMul(HiddenWeight) + Bias;
        Tensor i = z.Slice(1, 0, n).Sigmoid();
        Tensor f = z.Slice(1, n, n).Sigmoid();
        Tensor g = z.Slice(1, 2 * n, n).Tanh();
        Tensor o = z.Slice(1, 3 * n, n).Sigmoid();
        Tensor c = f * cell + i * g;
        return (o * c.Tanh(), c);
    }

    /// <summary>
    /// Gate activations from pre-activations z [B, 4·H], values only: "input" σ(z_i), "forget" σ(z_f),
    /// "cell" tanh(z_g), "output" σ(z_o), each [B, H].
    /// </summary>
    public static Dictionary<string, Tensor> GateActivations(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        int batch = z.Shape[0], hidden = z.Shape[1] / 4;
        var names = new[] { "input", "forget", "cell", "output" };
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int gate = 0; gate < 4; gate++)
        {
            var values = new float[batch * hidden];
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < hidden; j++)
                {
                    float v = z.Data[b * 4 * hidden + gate * hidden + j];
                    values[b * hidden + j] = gate == 2 ? MathF.Tanh(v) : RecurrentMath.Sigmoid(v);
                }
            }
            result[names[gate]] = new Tensor(values, batch, hidden);
        }
        return result;
    }

    public override string Describe() => $"LSTMCell({InputSize} → {HiddenSize})";

    private void CheckStates(Tensor input, Tensor hidden, Tensor cell)
    {
        int batch = CellShapes.CheckInput(this, InputSize, input);
        CellShapes.CheckState(this, "h", hidden, batch, HiddenSize);
        CellShapes.CheckState(this, "c", cell, batch, HiddenSize);
    }
}
