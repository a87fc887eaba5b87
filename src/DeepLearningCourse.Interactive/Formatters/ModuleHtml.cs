using System.Globalization;
using System.Text;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// HTML for a model: one row per module (nested modules indented) with its description, its own parameters' names and
/// shapes, and their value count; the last row gives the total.
/// </summary>
public static class ModuleHtml
{
    public static string ToHtml(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var html = new StringBuilder();
        html.Append("<table class=\"dlc-module\" style=\"").Append(HtmlText.TableStyle).Append("\"><tr>");
        foreach (string name in new[] { "layer", "description", "parameters", "count" })
            html.Append("<th style=\"").Append(HtmlText.HeaderCellStyle).Append("\">").Append(name).Append("</th>");
        html.Append("</tr>");
        AppendRows(html, module, module.Name, 0);
        html.Append("<tr><td colspan=\"3\" style=\"").Append(HtmlText.HeaderCellStyle).Append("\"><b>total</b></td><td style=\"")
            .Append(HtmlText.CellStyle).Append("\"><b>").Append(module.ParameterCount.ToString("N0", CultureInfo.InvariantCulture))
            .Append("</b></td></tr></table>");
        return html.ToString();
    }

    private static void AppendRows(StringBuilder html, Module module, string name, int depth)
    {
        // A module's own parameters are the ones whose dotted name has no prefix.
        var own = module.NamedParameters().Where(p => !p.Name.Contains('.', StringComparison.Ordinal)).ToList();
        string parameters = string.Join("<br>", own.Select(p => HtmlText.Encode(p.Name) + " " + Tensor.ShapeText(p.Value.Shape)));
        int count = own.Sum(p => p.Value.Size);
        html.Append("<tr><td style=\"").Append(HtmlText.HeaderCellStyle).Append(";padding-left:")
            .Append(6 + 16 * depth).Append("px\">").Append(HtmlText.Encode(name)).Append("</td>")
            .Append("<td style=\"").Append(HtmlText.HeaderCellStyle).Append("\">").Append(HtmlText.Encode(module.Describe())).Append("</td>")
            .Append("<td style=\"").Append(HtmlText.HeaderCellStyle).Append("\">").Append(parameters).Append("</td>")
            .Append("<td style=\"").Append(HtmlText.CellStyle).Append("\">")
            .Append(count == 0 ? "" : count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        foreach (var (childName, child) in module.Children) AppendRows(html, child, childName, depth + 1);
    }
}
