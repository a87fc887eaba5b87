using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// The decision boundary of a classifier on 2-D inputs: a filled contour of the model's prediction over the box around the data
    /// (10% margin), with the data points on top, one colour per class.
    /// </summary>
    /// <param name="model">Maps x [M, 2] to [M, C] class scores (C ≥ 2: the predicted class is shown) or [M, 1] / [M] (one output: the
    /// probability of class 1 is shown, after a sigmoid when <paramref name="outputIsLogit"/>). Runs in evaluation mode without a graph.</param>
    /// <param name="x">Inputs [N, 2].</param>
    /// <param name="y">Class indices [N] (as floats).</param>
    /// <param name="resolution">Grid points per axis.</param>
    /// <param name="outputIsLogit">For one output: true when the model returns a logit, false when it already returns a probability.</param>
    public static GenericChart DecisionBoundary(Module model, Tensor x, Tensor y, int resolution = 80, bool outputIsLogit = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        return DecisionBoundary(input => Evaluate(model, input), x, y, resolution, outputIsLogit);
    }

    /// <inheritdoc cref="DecisionBoundary(Module, Tensor, Tensor, int, bool)"/>
    public static GenericChart DecisionBoundary(Func<Tensor, Tensor> model, Tensor x, Tensor y, int resolution = 80, bool outputIsLogit = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank != 2 || x.Shape[1] != 2)
            throw new ShapeException($"Plot.DecisionBoundary: x has shape {Tensor.ShapeText(x.Shape)}; it needs [N, 2] (two input features to draw in the plane).");
        double[] labels = Column(y, "Plot.DecisionBoundary", "y");
        if (labels.Length != x.Shape[0])
            throw new ShapeException($"Plot.DecisionBoundary: x has {x.Shape[0]} rows ({Tensor.ShapeText(x.Shape)}) but y has {labels.Length} labels ({Tensor.ShapeText(y.Shape)}); give one label per row.");
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Plot.DecisionBoundary: resolution must be at least 2.");

        var (gx, gy, z, classCount) = BoundaryGrid(model, x, resolution, outputIsLogit);
        var traces = new List<Trace> { BoundaryTrace(gx, gy, z, classCount) };
        int classes = Math.Max(classCount, (int)labels.Max() + 1);
        for (int c = 0; c < classes; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => (int)labels[i] == c).ToList();
            if (rows.Count == 0) continue;
            traces.Add(PointTrace($"class {c}", rows.Select(i => (double)x.Data[2 * i]), rows.Select(i => (double)x.Data[2 * i + 1]), Figures.Colour(c)));
        }
        return Figures.Chart(traces, "Decision boundary", "x₁", "x₂", height: 460);
    }

    /// <summary>The grid axes, the value per grid point (class index, or probability of class 1) and the number of classes (1 for a probability).</summary>
    internal static (double[] X, double[] Y, double[][] Z, int ClassCount) BoundaryGrid(Func<Tensor, Tensor> model, Tensor x, int resolution, bool outputIsLogit)
    {
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int i = 0; i < x.Shape[0]; i++)
        {
            minX = Math.Min(minX, x.Data[2 * i]); maxX = Math.Max(maxX, x.Data[2 * i]);
            minY = Math.Min(minY, x.Data[2 * i + 1]); maxY = Math.Max(maxY, x.Data[2 * i + 1]);
        }
        double padX = Math.Max(1e-3, (maxX - minX) * 0.1), padY = Math.Max(1e-3, (maxY - minY) * 0.1);
        double[] gx = Figures.Range(minX - padX, maxX + padX, resolution), gy = Figures.Range(minY - padY, maxY + padY, resolution);
        var points = new float[resolution * resolution * 2];
        for (int r = 0; r < resolution; r++)
            for (int c = 0; c < resolution; c++)
            {
                points[2 * (r * resolution + c)] = (float)gx[c];
                points[2 * (r * resolution + c) + 1] = (float)gy[r];
            }
        Tensor output;
        using (GradMode.Disable()) output = model(new Tensor(points, resolution * resolution, 2));
        int m = resolution * resolution;
        int outputs = output.Size / Math.Max(1, m);
        if (output.Shape.Length == 0 || output.Shape[0] != m || output.Size != m * outputs)
            throw new ShapeException($"Plot.DecisionBoundary: the model maps [{m}, 2] to {Tensor.ShapeText(output.Shape)}; it must return [{m}, C] class scores or [{m}, 1] / [{m}] for one output.");
        var z = new double[resolution][];
        for (int r = 0; r < resolution; r++)
        {
            z[r] = new double[resolution];
            for (int c = 0; c < resolution; c++)
            {
                int p = r * resolution + c;
                if (outputs == 1)
                {
                    double v = output.Data[p];
                    z[r][c] = outputIsLogit ? 1 / (1 + Math.Exp(-v)) : v;
                }
                else
                {
                    int best = 0;
                    for (int k = 1; k < outputs; k++) if (output.Data[p * outputs + k] > output.Data[p * outputs + best]) best = k;
                    z[r][c] = best;
                }
            }
        }
        return (gx, gy, z, outputs == 1 ? 1 : outputs);
    }

    internal static Trace BoundaryTrace(double[] gx, double[] gy, double[][] z, int classCount)
    {
        if (classCount == 1)
        {
            return Figures.Trace("contour", ("x", gx), ("y", gy), ("z", z), ("name", "P(class 1)"), ("zmin", 0.0), ("zmax", 1.0),
                ("colorscale", new object[] { new object[] { 0, "#aec7e8" }, new object[] { 0.5, "#ffffff" }, new object[] { 1, "#ffbb78" } }),
                ("contours", new Dictionary<string, object> { ["start"] = 0.0, ["end"] = 1.0, ["size"] = 0.1 }),
                ("colorbar", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "P(1)" }, ["len"] = 0.6 }),
                ("opacity", 0.75), ("hoverinfo", "skip"));
        }
        // One flat colour per class: a stepped colour scale over class indices 0..C-1.
        var scale = new List<object>();
        for (int c = 0; c < classCount; c++)
        {
            string colour = Lighten(Figures.Colour(c));
            scale.Add(new object[] { (double)c / classCount, colour });
            scale.Add(new object[] { (double)(c + 1) / classCount, colour });
        }
        return Figures.Trace("heatmap", ("x", gx), ("y", gy), ("z", z), ("name", "predicted class"), ("zmin", -0.5), ("zmax", classCount - 0.5),
            ("colorscale", scale), ("showscale", false), ("opacity", 0.45), ("hoverinfo", "skip"));
    }

    private static string Lighten(string hex)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return $"rgb({(r + 255) / 2},{(g + 255) / 2},{(b + 255) / 2})";
    }
}
