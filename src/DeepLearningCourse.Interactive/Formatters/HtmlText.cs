using System.Globalization;
using System.Net;

namespace DeepLearningCourse.Interactive;

/// <summary>Small helpers shared by the HTML formatters.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("G4", CultureInfo.InvariantCulture);

    public const string TableStyle = "border-collapse:collapse;font-family:monospace;font-size:12px";
    public const string CellStyle = "border:1px solid #ddd;padding:2px 6px;text-align:right";
    public const string HeaderCellStyle = "border:1px solid #ddd;padding:2px 6px;background:#f3f3f3;text-align:left";
}
