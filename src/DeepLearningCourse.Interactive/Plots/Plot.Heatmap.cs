using System.Globalization;
using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>Largest matrix (rows × columns) whose values are written in the cells when <c>showValues</c> is left null.</summary>
    public const int MaxCellsWithValues = 400;

    /// <summary>
    /// A matrix as a heatmap with row 0 at the top (as it is printed): weights, attention maps, confusion matrices. Values with only
    /// non-negative entries use a light-to-dark blue scale, others blue (negative) - white (0) - red (positive), as the tensor tables. Values are written in the cells
    /// when <paramref name="showValues"/> is true, or when null and the matrix has at most <see cref="MaxCellsWithValues"/> cells.
    /// </summary>
    /// <param name="matrix">A rank-2 tensor [rows, columns].</param>
    public static GenericChart Heatmap(Tensor matrix, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string? title = null, bool? showValues = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2)
            throw new ShapeException($"Plot.Heatmap: the tensor has shape {Tensor.ShapeText(matrix.Shape)}; it needs rank 2 [rows, columns]. Use Reshape or Slice first.");
        return Heatmap(matrix.ToArray2D(), rowLabels, columnLabels, title ?? matrix.Label, showValues);
    }

    /// <summary>
    /// A confusion matrix (rows: true class, columns: predicted class; e.g. from <c>Metrics.ConfusionMatrix</c>) with the counts
    /// written in the cells.
    /// </summary>
    public static GenericChart ConfusionMatrix(int[,] counts, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != counts.GetLength(1))
            throw new ArgumentException($"Plot.ConfusionMatrix: the matrix is [{counts.GetLength(0)}, {counts.GetLength(1)}]; it must be square [classes, classes].", nameof(counts));
        var values = new float[counts.GetLength(0), counts.GetLength(1)];
        for (int r = 0; r < values.GetLength(0); r++)
            for (int c = 0; c < values.GetLength(1); c++) values[r, c] = counts[r, c];
        var names = classNames ?? Enumerable.Range(0, values.GetLength(0)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var chart = Heatmap(values, names, names, title, showValues: true);
        chart.WithLayout("xaxis", new Dictionary<string, object> { ["type"] = "category", ["title"] = new Dictionary<string, object> { ["text"] = "predicted class" } });
        chart.WithLayout("yaxis", new Dictionary<string, object> { ["type"] = "category", ["autorange"] = "reversed", ["title"] = new Dictionary<string, object> { ["text"] = "true class" } });
        return chart;
    }

    /// <inheritdoc cref="Heatmap(Tensor, IReadOnlyList{string}?, IReadOnlyList{string}?, string?, bool?)"/>
    public static GenericChart Heatmap(float[,] matrix, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string? title = null, bool? showValues = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"Plot.Heatmap: {rowLabels.Count} row labels for a [{rows}, {columns}] matrix; give one per row.", nameof(rowLabels));
        if (columnLabels is not null && columnLabels.Count != columns)
            throw new ArgumentException($"Plot.Heatmap: {columnLabels.Count} column labels for a [{rows}, {columns}] matrix; give one per column.", nameof(columnLabels));
        var z = new double[rows][];
        bool negative = false;
        double maxAbs = 0;
        for (int r = 0; r < rows; r++)
        {
            z[r] = new double[columns];
            for (int c = 0; c < columns; c++)
            {
                z[r][c] = matrix[r, c];
                negative |= matrix[r, c] < 0;
                if (float.IsFinite(matrix[r, c])) maxAbs = Math.Max(maxAbs, Math.Abs(matrix[r, c]));
            }
        }
        bool values = showValues ?? rows * columns <= MaxCellsWithValues;
        object? x = columnLabels?.ToArray(), y = rowLabels?.ToArray();
        var trace = Figures.Trace("heatmap", ("z", z), ("x", x), ("y", y),
            ("colorscale", negative ? "RdBu" : "Blues"), ("reversescale", negative ? null : true),
            ("zmin", negative ? -maxAbs : null), ("zmax", negative ? maxAbs : null),
            ("text", values ? z.Select(row => row.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray()).ToArray() : null),
            ("texttemplate", values ? "%{text}" : null), ("hovertemplate", "row %{y}, column %{x}: %{z}<extra></extra>"));
        int height = Math.Clamp(rows * 28 + 120, 260, 700);
        var chart = Figures.Chart([trace], title, height: height, reverseY: true);
        // Labelled axes are categories; unlabelled ones tick at whole indices only.
        chart.WithLayout("xaxis", columnLabels is not null
            ? new Dictionary<string, object> { ["type"] = "category" }
            : new Dictionary<string, object> { ["dtick"] = Math.Max(1, columns / 10) });
        chart.WithLayout("yaxis", rowLabels is not null
            ? new Dictionary<string, object> { ["type"] = "category", ["autorange"] = "reversed" }
            : new Dictionary<string, object> { ["dtick"] = Math.Max(1, rows / 10), ["autorange"] = "reversed" });
        return chart;
    }
}
