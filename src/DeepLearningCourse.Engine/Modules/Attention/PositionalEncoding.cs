namespace DeepLearningCourse.Engine;

/// <summary>
/// Sinusoidal positional encoding (Vaswani et al. 2017, section 3.5), added to the input:
/// <code>
/// PE[pos, 2i]   = sin(pos / 10000^(2i / dModel))
/// PE[pos, 2i+1] = cos(pos / 10000^(2i / dModel))
/// </code>
/// Shapes: x [B, T, dModel] → x + PE[0..T) (same shape); T ≤ maxLength. No parameters; the gradient passes through
/// unchanged. <see cref="Table"/> [maxLength, dModel] is there to plot.
/// </summary>
public sealed class PositionalEncoding : Module
{
    public PositionalEncoding(int modelDim, int maxLength = 1024)
    {
        if (modelDim <= 0 || maxLength <= 0)
            throw new ArgumentException($"PositionalEncoding: model size and maximum length must be positive, got {modelDim} and {maxLength}.");
        (ModelDim, MaxLength) = (modelDim, maxLength);
        Table = Sinusoids(maxLength, modelDim);
    }

    public int ModelDim { get; }

    public int MaxLength { get; }

    /// <summary>PE [maxLength, dModel].</summary>
    public Tensor Table { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != ModelDim || input.Shape[1] > MaxLength)
            throw new ShapeException($"{Describe()}: input has shape {Tensor.ShapeText(input.Shape)} but must be [batch, time ≤ {MaxLength}, {ModelDim}].");
        int steps = input.Shape[1];
        return input + new Tensor(TensorMemory.CopyOf(Table.Data.AsSpan(0, steps * ModelDim)), steps, ModelDim);
    }

    public override string Describe() => $"PositionalEncoding({ModelDim}, max {MaxLength})";

    /// <summary>The table PE [length, dModel] defined above.</summary>
    public static Tensor Sinusoids(int length, int modelDim)
    {
        var pe = TensorMemory.Zeroed(length * modelDim);
        for (int pos = 0; pos < length; pos++)
        {
            for (int j = 0; j < modelDim; j++)
            {
                double angle = pos / Math.Pow(10000, 2 * (j / 2) / (double)modelDim);
                pe[pos * modelDim + j] = (float)(j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
        return new Tensor(pe, length, modelDim);
    }
}
