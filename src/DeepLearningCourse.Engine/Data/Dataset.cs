namespace DeepLearningCourse.Engine;

/// <summary>A data set of inputs and targets. Deconstructs: <c>var (x, y) = Datasets.Moons(200, 0.1f, random);</c></summary>
public sealed record Dataset
{
    /// <param name="x">Inputs, one example per row: [N, features] (or [N, channels, height, width] for images).</param>
    /// <param name="y">Targets: class indices 0..C−1 as floats, [N], for classification; values [N, 1] for regression.</param>
    public Dataset(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
            throw new ShapeException($"Dataset: X is {Tensor.ShapeText(x.Shape)} but Y is {Tensor.ShapeText(y.Shape)}; both need a first axis with one entry per example, of the same length.");
        X = x;
        Y = y;
    }

    /// <summary>Inputs, one example per row.</summary>
    public Tensor X { get; }

    /// <summary>Targets, one per example.</summary>
    public Tensor Y { get; }

    /// <summary>Number of examples.</summary>
    public int Count => X.Shape[0];

    /// <summary>Number of classes (largest label + 1) for classification data.</summary>
    public int ClassCount => Y.Size == 0 ? 0 : (int)Y.Data.Max() + 1;

    public void Deconstruct(out Tensor x, out Tensor y)
    {
        x = X;
        y = Y;
    }
}
