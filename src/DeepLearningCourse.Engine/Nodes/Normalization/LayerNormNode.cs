namespace DeepLearningCourse.Engine;

/// <summary>
/// Layer normalization over the last axis: x [..., D], gamma [D], beta [D] → y [..., D]. Each row (the D values of
/// one example or token) is normalized with its own mean and biased variance, the same in training and evaluation:
/// <code>μ = (1/D)·Σ_j x_j     σ² = (1/D)·Σ_j (x_j − μ)²     x̂ = (x − μ) / √(σ² + ε)     y = γ ⊙ x̂ + β</code>
/// Backward, per row, with g = dy ⊙ γ:
/// <code>dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(σ² + ε)     dγ = Σ_rows dy ⊙ x̂     dβ = Σ_rows dy</code>
/// (as <c>torch.nn.LayerNorm(D)</c>). The arithmetic, a readable reference and the vectorized, threaded path used here, is
/// in <see cref="LayerNormKernels"/>.
/// </summary>
public sealed class LayerNormNode(float epsilon = 1e-5f) : Node
{
    private float[]? _x, _mean, _inverseStd, _gamma;
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
        var y = TensorMemory.Uninitialized(x.Size);
        float[] mean = TensorMemory.Uninitialized(rows), inverseStd = TensorMemory.Uninitialized(rows);
        LayerNormKernels.Forward(x.Data, gamma.Data, beta.Data, Epsilon, d, mean, inverseStd, y);
        (_x, _mean, _inverseStd, _gamma, _shape) = (x.Data, mean, inverseStd, gamma.Data, x.Shape); // Backward rebuilds x̂ from x
        return new Tensor(y, x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        float[] x = NodeArgs.Saved(this, _x), mean = NodeArgs.Saved(this, _mean), inverseStd = NodeArgs.Saved(this, _inverseStd), gamma = NodeArgs.Saved(this, _gamma);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(_shape))
            throw new ShapeException($"{OpName}: gradOutput is {Tensor.ShapeText(gradOutput.Shape)} but the input was {Tensor.ShapeText(_shape)}.");
        int d = _shape[^1];
        var dx = TensorMemory.Uninitialized(x.Length);
        var dGamma = TensorMemory.Uninitialized(d);
        var dBeta = TensorMemory.Uninitialized(d);
        LayerNormKernels.Backward(x, mean, inverseStd, gamma, gradOutput.Data, d, dx, dGamma, dBeta);
        return [new Tensor(dx, _shape), new Tensor(dGamma, d), new Tensor(dBeta, d)];
    }

    public override void ReleaseSavedState()
    {
        (_x, _mean, _inverseStd, _gamma) = (null, null, null, null);
        base.ReleaseSavedState();
    }
}
