namespace DeepLearningCourse.Engine;

/// <summary>
/// Shared behaviour of <see cref="RNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>: they read a batch-first sequence
/// x [B, T, inputSize] one step at a time, each step built from ordinary nodes with the weights shared over time,
/// so backpropagation through time is just <c>loss.Backward()</c>. Output: all hidden states [B, T, H]
/// (many-to-many, <see cref="ReturnSequences"/> = true) or only the last one [B, H] (many-to-one).
/// </summary>
public abstract class RecurrentLayer : Module
{
    protected RecurrentLayer(int inputSize, int hiddenSize, bool returnSequences)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"{GetType().Name}: sizes must be positive, got input {inputSize} and hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        ReturnSequences = returnSequences;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>True: Forward returns every h_t as [B, T, H]; false: only the last, [B, H].</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>The per-step states of the last Forward (null before the first).</summary>
    public RecurrentRun? LastRun { get; protected set; }

    /// <summary>Reads the sequence from a zero initial state.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Reads the sequence starting from h_0 [B, H] (zeros when null).</summary>
    public abstract Tensor Forward(Tensor input, Tensor? initialHidden);

    public override string Describe() => $"{Name}({InputSize} → {HiddenSize}, {(ReturnSequences ? "all steps" : "last step")})";

    /// <summary>Checks x [B, T, inputSize] and an optional state [B, H]; returns (B, T).</summary>
    protected (int Batch, int Steps) CheckSequence(Tensor input, Tensor? state, string stateName)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize || input.Shape[1] == 0)
        {
            string hint = input.Rank == 2 ? $"; for a single sequence [T, {InputSize}] reshape it to [1, T, {InputSize}]" : "";
            throw new ShapeException($"{Describe()}: input has shape {Tensor.ShapeText(input.Shape)} but must be [batch, time, {InputSize}] (batch first, at least one step){hint}.");
        }
        int batch = input.Shape[0];
        if (state is not null && (state.Rank != 2 || state.Shape[0] != batch || state.Shape[1] != HiddenSize))
            throw new ShapeException($"{Describe()}: {stateName} has shape {Tensor.ShapeText(state.Shape)} but must be [batch, hidden] = [{batch}, {HiddenSize}].");
        return (batch, input.Shape[1]);
    }

    /// <summary>All hidden states [B, T, H] or the last one, following <see cref="ReturnSequences"/>.</summary>
    protected Tensor Output(List<Tensor> hidden) => ReturnSequences ? Tensor.StackSteps([.. hidden]) : hidden[^1];

    /// <summary>PyTorch's default recurrent initialisation: U(−1/√H, 1/√H).</summary>
    protected static Tensor UniformWeights(Random random, int hiddenSize, params int[] shape)
    {
        float bound = 1f / MathF.Sqrt(hiddenSize);
        return Tensor.Uniform(random, -bound, bound, shape);
    }
}
