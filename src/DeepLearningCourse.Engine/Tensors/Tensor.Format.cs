using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Engine;

public sealed partial class Tensor
{
    /// <summary>Values shown per axis before the middle is elided with "...".</summary>
    public const int FormatEdgeItems = 3;

    /// <summary>
    /// "Tensor [2, 3] ..." followed by the values, nested by axis; large axes show their first and last
    /// <see cref="FormatEdgeItems"/> entries around "...". Notes the creator op and requires-grad.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor ").Append(ShapeText(_shape));
        if (Label is not null) sb.Append(" \"").Append(Label).Append('"');
        if (Creator is not null) sb.Append(" from ").Append(Creator.OpName);
        else if (RequiresGrad) sb.Append(" requires grad");
        sb.AppendLine();
        if (Rank == 0) sb.Append(FormatValue(Data[0]));
        else AppendAxis(sb, 0, 0, 0);
        return sb.ToString();
    }

    /// <summary>One value in the format ToString uses.</summary>
    public static string FormatValue(float v) => v.ToString("G5", CultureInfo.InvariantCulture);

    private void AppendAxis(StringBuilder sb, int axis, int offset, int indent)
    {
        int n = _shape[axis];
        int stride = 1;
        for (int i = axis + 1; i < Rank; i++) stride *= _shape[i];
        bool elide = n > 2 * FormatEdgeItems + 1 && Size > 64;
        sb.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (elide && i == FormatEdgeItems)
            {
                sb.Append(axis == Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + 1));
                i = n - FormatEdgeItems - 1;
                continue;
            }
            if (axis == Rank - 1) sb.Append(FormatValue(Data[offset + i]));
            else AppendAxis(sb, axis + 1, offset + i * stride, indent + 1);
            if (i < n - 1) sb.Append(axis == Rank - 1 ? ", " : ",\n" + new string(' ', indent + 1));
        }
        sb.Append(']');
    }
}
