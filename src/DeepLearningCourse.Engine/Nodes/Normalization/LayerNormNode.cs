namespace DeepLearningCourse.Engine;

/// <summary>
/// Layer normalization over the last axis: x [..., D], gamma [D], beta [D] → y [..., D]. Each row (the D values of
/// one example or token) is normalized with its own mean and biased variance, the same in training and evaluation:
/// <code>μ = (1/D)·Σ_j x_j     σ² = (1/D)·Σ_j (x_j − μ)²     x̂ = (x − μ) / √(σ² + ε)     y = γ ⊙ x̂ + β</code>
/// Backward, per row, with g = dy ⊙ γ:
/// <code>dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(σ² + ε)     dγ = Σ_rows dy ⊙ x̂     dβ = Σ_rows dy</code>
/// (as <c>torch.nn.LayerNorm(D)</c>).
/// </summary>
public sealed class LayerNormNode(float epsilon = 1e-5f) : Node
{
    private float[]? _xHat, _inverseStd, _gamma;
    private int[] _shape = [];

    public float Epsilon { get; } = epsilon;

    public override string OpName => "LayerNorm";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 3);
        Tensor x = inputs[0], gamma = inputs[1], beta = inputs[2];
        if (x.Rank < 1)
            throw new ShapeException($"{OpName}: input is a scalar; it needs a last axis to normalize over.");
        int d = x.Shape[^1];
        if (gamma.Rank != 1 || gamma.Shape[0] != d || !beta.SameShape(gamma))
            throw new ShapeException($"{OpName}: input is {Tensor.ShapeText(x.Shape)} (last axis {d}) but gamma is {Tensor.ShapeText(gamma.Shape)} and beta {Tensor.ShapeText(beta.Shape)}; both must be [{d}].");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(inputs), Epsilon, $"{OpName}: epsilon must be positive.");
        int rows = d == 0 ? 0 : x.Size / d;
        var xHat = TensorMemory.Zeroed(x.Size);
        var y = TensorMemory.Zeroed(x.Size);
        var inverseStd = TensorMemory.Zeroed(rows);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Data.AsSpan(r * d, d);
            double sum = 0;
            foreach (float v in row) sum += v;
            double mean = sum / d, squares = 0;
            foreach (float v in row) squares += (v - mean) * (v - mean);
            float inv = 1f / MathF.Sqrt((float)(squares / d) + Epsilon);
            inverseStd[r] = inv;
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                xHat[i] = (float)(row[j] - mean) * inv;
                y[i] = gamma.Data[j] * xHat[i] + beta.Data[j];
            }
        }
        (_xHat, _inverseStd, _gamma, _shape) = (xHat, inverseStd, gamma.Data, x.Shape);
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        float[] xHat = NodeArgs.Saved(this, _xHat), inverseStd = NodeArgs.Saved(this, _inverseStd), gamma = NodeArgs.Saved(this, _gamma);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(_shape))
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the input was {Tensor.ShapeText(_shape)}.");
        int d = _shape[^1], rows = inverseStd.Length;
        float[] dy = gradOutput.Data;
        var dx = TensorMemory.Zeroed(xHat.Length);
        var dGamma = TensorMemory.Zeroed(d);
        var dBeta = TensorMemory.Zeroed(d);
        for (int r = 0; r < rows; r++)
        {
            double sumG = 0, sumGXHat = 0;
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                float g = dy[i] * gamma[j];
                sumG += g;
                sumGXHat += (double)g * xHat[i];
                dGamma[j] += dy[i] * xHat[i];
                dBeta[j] += dy[i];
            }
            float meanG = (float)(sumG / d), meanGXHat = (float)(sumGXHat / d);
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                dx[i] = (dy[i] * gamma[j] - meanG - xHat[i] * meanGXHat) * inverseStd[r];
            }
        }
        return [new Tensor(dx, _shape), new Tensor(dGamma, d), new Tensor(dBeta, d)];
    }

    public override void ReleaseSavedState()
    {
        (_xHat, _inverseStd, _gamma) = (null, null, null);
        base.ReleaseSavedState();
    }
}
