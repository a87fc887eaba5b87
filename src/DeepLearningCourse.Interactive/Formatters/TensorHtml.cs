using System.Globalization;
using System.Text;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// HTML for a tensor in a notebook. A header line gives the shape, label, the op that created it and gradient information;
/// then a small rank-1 or rank-2 tensor (at most <see cref="MaxTableRows"/> × <see cref="MaxTableColumns"/>) is shown as a
/// table shaded by value, and anything larger as summary statistics plus the engine's elided text form.
/// </summary>
public static class TensorHtml
{
    public const int MaxTableRows = 16;
    public const int MaxTableColumns = 16;

    public static string ToHtml(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var html = new StringBuilder();
        html.Append("<div class=\"dlc-tensor\" style=\"font-family:monospace;font-size:12px\">");
        html.Append("<div style=\"margin-bottom:4px\">").Append(Header(tensor)).Append("</div>");
        int rows = tensor.Rank == 2 ? tensor.Shape[0] : 1;
        int columns = tensor.Rank switch { 0 => 1, 1 => tensor.Shape[0], 2 => tensor.Shape[1], _ => int.MaxValue };
        if (tensor.Rank <= 2 && rows <= MaxTableRows && columns <= MaxTableColumns && tensor.Size > 0)
            AppendTable(html, tensor, rows, columns);
        else
            AppendSummary(html, tensor);
        html.Append("</div>");
        return html.ToString();
    }

    /// <summary>"Tensor [2, 3] “W” · from MatMul · requires grad · grad ‖g‖ = 0.5".</summary>
    internal static string Header(Tensor tensor)
    {
        var sb = new StringBuilder("<b>Tensor</b> ").Append(Tensor.ShapeText(tensor.Shape));
        if (tensor.Label is not null) sb.Append(" “").Append(HtmlText.Encode(tensor.Label)).Append('”');
        if (tensor.Creator is not null) sb.Append(" · from <b>").Append(HtmlText.Encode(tensor.Creator.OpName)).Append("</b>");
        if (tensor.RequiresGrad) sb.Append(" · requires grad");
        if (tensor.Grad is { } grad) sb.Append(" · grad ‖g‖ = ").Append(HtmlText.Number(Norm(grad)));
        return sb.ToString();
    }

    internal static double Norm(Tensor t)
    {
        double sum = 0;
        foreach (float v in t.Data) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    private static void AppendTable(StringBuilder html, Tensor tensor, int rows, int columns)
    {
        float maxAbs = 0;
        foreach (float v in tensor.Data) if (float.IsFinite(v)) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        html.Append("<table style=\"").Append(HtmlText.TableStyle).Append("\">");
        for (int r = 0; r < rows; r++)
        {
            html.Append("<tr>");
            for (int c = 0; c < columns; c++)
            {
                float v = tensor.Data[r * columns + c];
                html.Append("<td style=\"").Append(HtmlText.CellStyle).Append(";background:").Append(Shade(v, maxAbs)).Append("\">")
                    .Append(Tensor.FormatValue(v)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    // Blue for negative, red for positive, white for zero.
    private static string Shade(float v, float maxAbs)
    {
        if (!float.IsFinite(v)) return "#ffe08a";
        double a = maxAbs == 0 ? 0 : Math.Abs(v) / maxAbs * 0.45;
        string rgb = v < 0 ? "66,133,244" : "219,68,55";
        return string.Create(CultureInfo.InvariantCulture, $"rgba({rgb},{a:0.###})");
    }

    private static void AppendSummary(StringBuilder html, Tensor tensor)
    {
        var stats = TensorStatistics.Of(tensor);
        html.Append("<table style=\"").Append(HtmlText.TableStyle).Append("\"><tr>");
        foreach (string name in new[] { "size", "min", "max", "mean", "std", "zeros", "NaN/Inf" })
            html.Append("<th style=\"").Append(HtmlText.HeaderCellStyle).Append("\">").Append(name).Append("</th>");
        html.Append("</tr><tr>");
        foreach (string value in new[]
                 {
                     tensor.Size.ToString("N0", CultureInfo.InvariantCulture), HtmlText.Number(stats.Min), HtmlText.Number(stats.Max),
                     HtmlText.Number(stats.Mean), HtmlText.Number(stats.Std),
                     stats.Zeros.ToString(CultureInfo.InvariantCulture), stats.NonFinite.ToString(CultureInfo.InvariantCulture),
                 })
            html.Append("<td style=\"").Append(HtmlText.CellStyle).Append("\">").Append(value).Append("</td>");
        html.Append("</tr></table>");
        string text = tensor.ToString();
        int firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        html.Append("<pre style=\"margin:4px 0\">").Append(HtmlText.Encode(firstNewline >= 0 ? text[(firstNewline + 1)..] : text)).Append("</pre>");
    }
}

/// <summary>Summary statistics of a tensor's values (NaN and ±Inf excluded from min/max/mean/std and counted apart).</summary>
public readonly record struct TensorStatistics(double Min, double Max, double Mean, double Std, int Zeros, int NonFinite)
{
    public static TensorStatistics Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSquares = 0;
        int count = 0, zeros = 0, nonFinite = 0;
        foreach (float v in tensor.Data)
        {
            if (!float.IsFinite(v)) { nonFinite++; continue; }
            if (v == 0) zeros++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            sumSquares += (double)v * v;
            count++;
        }
        if (count == 0) return new TensorStatistics(double.NaN, double.NaN, double.NaN, double.NaN, zeros, nonFinite);
        double mean = sum / count;
        double variance = Math.Max(0, sumSquares / count - mean * mean);
        return new TensorStatistics(min, max, mean, Math.Sqrt(variance), zeros, nonFinite);
    }
}
