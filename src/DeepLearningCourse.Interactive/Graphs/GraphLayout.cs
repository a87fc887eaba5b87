using System.Globalization;
using System.Text;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// A small layered layout (in the spirit of Sugiyama's method, much simplified): ops are ranked by their longest path
/// from the leaves, each leaf sits one rank above its first consumer, a few barycentre sweeps reduce crossings, and every
/// rank is centred. Deterministic: the same graph always gives the same picture.
/// </summary>
internal static class GraphLayout
{
    private const int CharWidth = 7;
    private const int LineHeight = 15;
    private const int RankGap = 46;
    private const int NodeGap = 18;
    private const int Margin = 12;
    private static int s_drawingCounter;

    private sealed class Box
    {
        public required Tensor Tensor { get; init; }
        public required List<string> Lines { get; init; }
        public int Rank { get; set; }
        public double Order { get; set; }
        public double X { get; set; }
        public double Y { get; set; }
        public double Width => Lines.Max(l => l.Length) * CharWidth + 16;
        public double Height => Lines.Count * LineHeight + 8;
    }

    public static GraphDrawing Layout(GraphModel model, bool showValues, bool showGradients)
    {
        var boxes = model.Vertices.Select(t => new Box { Tensor = t, Lines = LinesFor(t, showValues, showGradients) }).ToList();
        var inputsOf = boxes.Select(_ => new List<int>()).ToList();
        var usersOf = boxes.Select(_ => new List<int>()).ToList();
        foreach (var (from, to, _, _) in model.Edges)
        {
            inputsOf[to].Add(from);
            usersOf[from].Add(to);
        }

        AssignRanks(boxes, inputsOf, usersOf);
        var ranks = boxes.Select((b, i) => (b, i)).GroupBy(p => p.b.Rank).OrderBy(g => g.Key).Select(g => g.Select(p => p.i).ToList()).ToList();
        for (int r = 0; r < ranks.Count; r++)
            for (int k = 0; k < ranks[r].Count; k++) boxes[ranks[r][k]].Order = k;
        for (int sweep = 0; sweep < 4; sweep++)
        {
            for (int r = 1; r < ranks.Count; r++) Reorder(ranks[r], boxes, inputsOf);
            for (int r = ranks.Count - 2; r >= 0; r--) Reorder(ranks[r], boxes, usersOf);
        }

        double y = Margin, width = 0;
        var rankWidths = ranks.Select(rank => rank.Sum(i => boxes[i].Width) + NodeGap * (rank.Count - 1)).ToList();
        double maxWidth = rankWidths.Count == 0 ? 0 : rankWidths.Max();
        for (int r = 0; r < ranks.Count; r++)
        {
            double x = Margin + (maxWidth - rankWidths[r]) / 2;
            double rankHeight = ranks[r].Max(i => boxes[i].Height);
            foreach (int i in ranks[r])
            {
                boxes[i].X = x;
                boxes[i].Y = y + (rankHeight - boxes[i].Height) / 2;
                x += boxes[i].Width + NodeGap;
            }
            y += rankHeight + RankGap;
            width = Math.Max(width, x);
        }
        double height = y - RankGap + Margin;
        width = maxWidth + 2 * Margin;
        return new GraphDrawing(ToSvg(model, boxes, width, height), boxes.Count, model.Edges.Count);
    }

    private static void AssignRanks(List<Box> boxes, List<List<int>> inputsOf, List<List<int>> usersOf)
    {
        // Vertices arrive in topological order (inputs before users), so one pass ranks every op.
        for (int i = 0; i < boxes.Count; i++)
        {
            if (boxes[i].Tensor.Creator is null) continue;
            int rank = 1;
            foreach (int input in inputsOf[i])
                if (boxes[input].Tensor.Creator is not null) rank = Math.Max(rank, boxes[input].Rank + 1);
            boxes[i].Rank = rank;
        }
        for (int i = 0; i < boxes.Count; i++)
        {
            if (boxes[i].Tensor.Creator is not null) continue;
            boxes[i].Rank = usersOf[i].Count == 0 ? 0 : usersOf[i].Min(u => boxes[u].Rank) - 1;
        }
    }

    private static void Reorder(List<int> rank, List<Box> boxes, List<List<int>> neighbours)
    {
        foreach (int i in rank)
        {
            if (neighbours[i].Count > 0) boxes[i].Order = neighbours[i].Average(n => boxes[n].Order);
        }
        var sorted = rank.OrderBy(i => boxes[i].Order).ToList();
        rank.Clear();
        rank.AddRange(sorted);
        for (int k = 0; k < rank.Count; k++) boxes[rank[k]].Order = k;
    }

    private static List<string> LinesFor(Tensor t, bool showValues, bool showGradients)
    {
        string shape = Tensor.ShapeText(t.Shape);
        var lines = new List<string>();
        if (t.Creator is not null)
        {
            lines.Add(t.Creator.OpName);
            lines.Add(t.Label is null ? shape : $"{t.Label} {shape}");
        }
        else
        {
            lines.Add(t.Label ?? (t.RequiresGrad ? "parameter" : "data"));
            lines.Add(shape);
        }
        if (showValues) lines.Add(ValueText(t));
        if (showGradients && (t.RequiresGrad || t.Grad is not null))
            lines.Add(t.Grad is null ? "∇ none yet" : "‖∇‖ = " + HtmlText.Number(TensorHtml.Norm(t.Grad)));
        return lines;
    }

    private static string ValueText(Tensor t)
    {
        if (t.Size <= 4) return "= " + (t.Rank == 0 ? Tensor.FormatValue(t.Data[0]) : "[" + string.Join(", ", t.Data.Select(Tensor.FormatValue)) + "]");
        var stats = TensorStatistics.Of(t);
        return $"μ {HtmlText.Number(stats.Mean)} σ {HtmlText.Number(stats.Std)}";
    }

    private static string ToSvg(GraphModel model, List<Box> boxes, double width, double height)
    {
        int id = Interlocked.Increment(ref s_drawingCounter);
        string arrow = "dlc-arrow-" + id.ToString(CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"dlc-graph-svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"monospace\" font-size=\"12\">"));
        svg.Append("<defs><marker id=\"").Append(arrow).Append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5f6368\"/></marker></defs>");
        foreach (var (from, to, inputIndex, inputCount) in model.Edges)
        {
            Box a = boxes[from], b = boxes[to];
            double x1 = a.X + a.Width / 2, y1 = a.Y + a.Height, y2 = b.Y;
            // Spread the arrow heads along the top of the op box by input position, so A and B of MatMul are told apart.
            double x2 = b.X + b.Width * (inputIndex + 1) / (inputCount + 1);
            double bend = Math.Max(12, (y2 - y1) / 2);
            svg.Append(Invariant($"<path d=\"M{x1:0.#},{y1:0.#} C{x1:0.#},{y1 + bend:0.#} {x2:0.#},{y2 - bend:0.#} {x2:0.#},{y2:0.#}\" fill=\"none\" stroke=\"#5f6368\" stroke-width=\"1.2\" marker-end=\"url(#{arrow})\"/>"));
            if (inputCount > 1)
                svg.Append(Invariant($"<text x=\"{x2 + 5:0.#}\" y=\"{y2 - 7:0.#}\" font-size=\"9\" fill=\"#5f6368\">{inputIndex}</text>"));
        }
        foreach (Box box in boxes)
        {
            bool leaf = box.Tensor.Creator is null;
            bool root = ReferenceEquals(box.Tensor, model.Root);
            string fill = !leaf ? "#e8f0fe" : box.Tensor.RequiresGrad ? "#fce8e6" : "#f1f3f4";
            string stroke = !leaf ? "#4285f4" : box.Tensor.RequiresGrad ? "#db4437" : "#9aa0a6";
            double radius = leaf ? 10 : 3;
            svg.Append(Invariant($"<g class=\"{(leaf ? "dlc-leaf" : "dlc-op")}\"><rect x=\"{box.X:0.#}\" y=\"{box.Y:0.#}\" width=\"{box.Width:0.#}\" height=\"{box.Height:0.#}\" rx=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{(root ? 2.5 : 1.2)}\"/>"));
            for (int l = 0; l < box.Lines.Count; l++)
            {
                string weight = l == 0 ? " font-weight=\"bold\"" : "";
                svg.Append(Invariant($"<text x=\"{box.X + box.Width / 2:0.#}\" y=\"{box.Y + 4 + LineHeight * (l + 1) - 3:0.#}\" text-anchor=\"middle\"{weight}>"))
                    .Append(HtmlText.Encode(box.Lines[l])).Append("</text>");
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
