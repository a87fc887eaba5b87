using System.Globalization;
using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// 2-D points coloured by class (one legend entry per class): codes of an autoencoder, PCA projections, embeddings.
    /// </summary>
    /// <param name="points">[N, 2] (the first two columns are used when there are more).</param>
    /// <param name="labels">[N] class indices.</param>
    /// <param name="classNames">Legend names by class index; "class k" when null.</param>
    public static GenericChart ScatterByClass(Tensor points, Tensor labels, IReadOnlyList<string>? classNames = null,
        string? title = null, string xTitle = "z₁", string yTitle = "z₂", int markerSize = 5)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Rank != 2 || points.Shape[1] < 2)
            throw new ShapeException($"Plot.ScatterByClass: points have shape {Tensor.ShapeText(points.Shape)}; it needs [N, 2] (N points with 2 coordinates).");
        int n = points.Shape[0], d = points.Shape[1];
        if (labels.Size != n)
            throw new ShapeException($"Plot.ScatterByClass: {n} points but labels have shape {Tensor.ShapeText(labels.Shape)}; give one class index per point.");
        var classes = labels.Data.Select(v => (int)v).Distinct().Order().ToArray();
        var traces = classes.Select(c =>
        {
            var rows = Enumerable.Range(0, n).Where(i => (int)labels.Data[i] == c).ToArray();
            string name = classNames is not null && c >= 0 && c < classNames.Count ? classNames[c] : string.Create(CultureInfo.InvariantCulture, $"class {c}");
            return Figures.Trace("scatter", ("x", rows.Select(i => (double)points.Data[i * d]).ToArray()),
                ("y", rows.Select(i => (double)points.Data[i * d + 1]).ToArray()), ("mode", "markers"), ("name", name),
                ("marker", new Dictionary<string, object> { ["color"] = Figures.Colour(c), ["size"] = markerSize, ["opacity"] = 0.75 }));
        });
        return Figures.Chart(traces, title, xTitle, yTitle, height: 480);
    }
}
