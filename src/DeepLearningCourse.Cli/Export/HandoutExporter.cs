using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;

namespace DeepLearningCourse.Cli;

/// <summary>What <see cref="HandoutExporter"/> wrote for one notebook.</summary>
/// <param name="NotebookPath">The executed notebook it came from.</param>
/// <param name="HtmlPath">The handout (NN-name.html).</param>
/// <param name="Title">The notebook's first heading.</param>
/// <param name="ChartCount">Charts in the handout: outputs carrying <c>application/vnd.plotly.v1+json</c>, or HTML that calls <c>Plotly.newPlot</c>.</param>
/// <param name="DroppedSolutions">SOLUTION cells left out (student edition only).</param>
/// <param name="NetworkReferences">Anything in the page that would load from the network (should be empty; see <see cref="Cli.NetworkReferences"/>).</param>
/// <param name="ExerciseCount">EXERCISE cells (shown on the index next to the chart count).</param>
public sealed record Handout(string NotebookPath, string HtmlPath, string Title, int ChartCount, int DroppedSolutions, IReadOnlyList<string> NetworkReferences, int ExerciseCount = 0);

/// <summary>
/// Turns executed notebooks into self-contained HTML handouts: markdown via Markdig, math via vendored KaTeX (fonts
/// inlined), code with simple C# styling, outputs (text/html, images, text/plain, streams, errors) and charts drawn by
/// plotly.js embedded once in the head. Nothing in a handout refers to the network.
/// </summary>
/// <remarks>
/// Charts are drawn from each display's <c>application/vnd.plotly.v1+json</c> copy (the notebook contract), so the
/// formatter's own HTML for that display is not used; a live chart's final value is what the runner saved.
/// Student edition (<paramref name="student"/>): cells whose first line is <c>// SOLUTION: name</c> are left out,
/// <c>// EXERCISE: name</c> cells stay.
/// </remarks>
public sealed partial class HandoutExporter(bool student = false, string? notebookLibrary = null)
{
    /// <summary>Mime type of a figure copy that the exporter draws as a chart.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public bool Student { get; } = student;

    /// <summary>
    /// Exports every *.ipynb in <paramref name="executedDirectory"/>, writes index.html and removes handouts of notebooks
    /// that are no longer there; returns the handouts in name order.
    /// </summary>
    public IReadOnlyList<Handout> ExportAll(string executedDirectory, string handoutDirectory)
    {
        if (!Directory.Exists(executedDirectory))
        {
            throw new DirectoryNotFoundException(
                $"Export: no executed notebooks in '{executedDirectory}'; run them first with `dlc run` (or use `dlc all`).");
        }

        Directory.CreateDirectory(handoutDirectory);
        var handouts = Directory.GetFiles(executedDirectory, "*.ipynb")
            .Order(StringComparer.Ordinal)
            .Select(path => Export(path, Path.Combine(handoutDirectory, Path.GetFileNameWithoutExtension(path) + ".html")))
            .ToList();
        RemoveStaleHandouts(handoutDirectory, handouts);
        WriteIndex(handoutDirectory, handouts);
        return handouts;
    }

    /// <summary>
    /// Writes index.html: every handout by title, with a link to its PDF where one lies beside it (after
    /// <c>--pdf</c>; call again once the PDFs are printed).
    /// </summary>
    public void WriteIndex(string handoutDirectory, IReadOnlyList<Handout> handouts) =>
        File.WriteAllText(Path.Combine(handoutDirectory, "index.html"), RenderIndex(handouts));

    /// <summary>How many PDFs <see cref="Export"/> has deleted because it rewrote their handout's HTML.</summary>
    public int RemovedOutOfDatePdfs { get; private set; }

    /// <summary>Deletes handouts (.html, .pdf) whose executed notebook is gone, so the folder matches the index.</summary>
    private static void RemoveStaleHandouts(string handoutDirectory, IReadOnlyList<Handout> handouts)
    {
        var current = handouts.Select(h => Path.GetFileNameWithoutExtension(h.HtmlPath)).Append("index").ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(handoutDirectory, "*.html").Concat(Directory.GetFiles(handoutDirectory, "*.pdf")))
        {
            if (!current.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Writes the handout for one executed notebook, and deletes a PDF of the same name beside it: it was printed from
    /// the HTML this replaces, and an out-of-date PDF must not sit beside the new handout (<c>--pdf</c> prints it again).
    /// </summary>
    public Handout Export(string executedNotebookPath, string htmlPath)
    {
        var notebook = NotebookFile.Load(executedNotebookPath);
        var html = Render(notebook, out var charts, out var dropped);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!);
        File.WriteAllText(htmlPath, html);
        var outOfDatePdf = Path.ChangeExtension(htmlPath, ".pdf");
        if (File.Exists(outOfDatePdf))
        {
            File.Delete(outOfDatePdf);
            RemovedOutOfDatePdfs++;
        }

        return new Handout(notebook.Path, Path.GetFullPath(htmlPath), notebook.Title, charts, dropped, NetworkReferences.Find(html),
            notebook.Cells.Count(cell => cell.IsExercise));
    }

    /// <summary>The handout HTML for <paramref name="notebook"/>.</summary>
    public string Render(NotebookFile notebook, out int chartCount, out int droppedSolutions)
    {
        var body = new StringBuilder();
        var figures = new StringBuilder();
        string? plotlyJs = null;
        chartCount = 0;
        droppedSolutions = 0;
        foreach (var cell in notebook.Cells)
        {
            if (Student && cell.IsSolution)
            {
                droppedSolutions++;
                continue;
            }

            switch (cell.Kind)
            {
                case NotebookCellKind.Markdown:
                    body.Append("<div class=\"cell markdown\">").Append(Markdig.Markdown.ToHtml(InlineMathOnOneLine(DisplayMathAsBlocks(cell.Source)), Markdown)).Append("</div>\n");
                    break;
                case NotebookCellKind.Code:
                    var css = cell.IsExercise ? " exercise" : cell.IsSolution ? " solution" : "";
                    var label = cell.IsExercise ? "Exercise: " + cell.FirstLine["// EXERCISE:".Length..].Trim()
                        : cell.IsSolution ? "Solution: " + cell.FirstLine["// SOLUTION:".Length..].Trim()
                        : $"In [{cell.Node["execution_count"]?.ToString() ?? " "}]";
                    body.Append($"<div class=\"cell code{css}\"><div class=\"cell-label\">{WebUtility.HtmlEncode(label)}</div>")
                        .Append("<pre class=\"code\"><code>").Append(CSharpHighlighter.Highlight(cell.Source)).Append("</code></pre>");
                    if (Student && cell.IsCheck)
                    {
                        // The outputs were made with the solution in place ("correct", and often the answer itself).
                        body.Append("<div class=\"outputs\"><p class=\"check-note\">Run this cell in the notebook to check your answer.</p></div>");
                    }
                    else if (cell.HasOutputs)
                    {
                        body.Append("<div class=\"outputs\">");
                        foreach (var output in cell.Outputs.OfType<JsonObject>())
                        {
                            body.Append(RenderOutput(output, figures, ref chartCount, ref plotlyJs));
                        }

                        body.Append("</div>");
                    }

                    body.Append("</div>\n");
                    break;
                default:
                    break;
            }
        }

        if (chartCount > 0)
        {
            plotlyJs ??= PlotlyScript.CandidateAssemblyFiles(notebookLibrary)
                .Select(PlotlyScript.ReadFromAssemblyFile).FirstOrDefault(script => script is not null);
            if (plotlyJs is null)
            {
                throw new InvalidOperationException(
                    $"Export: {notebook.Path} has {chartCount} chart(s) but no plotly.js was found (no script#dlc-plotly-js in its outputs, " +
                    "no Plotly.NET.dll in artifacts/notebook-lib or the NuGet cache); build src/DeepLearningCourse.Interactive and re-run the notebook.");
            }
        }

        return Page(notebook.Title, body.ToString() + figures, plotlyJs, handout: true);
    }

    private static string RenderOutput(JsonObject output, StringBuilder figures, ref int chartCount, ref string? plotlyJs)
    {
        var type = output["output_type"]?.GetValue<string>();
        switch (type)
        {
            case "stream":
                var stream = output["name"]?.GetValue<string>() == "stderr" ? " stderr" : "";
                return $"<pre class=\"output stream{stream}\">{WebUtility.HtmlEncode(NotebookFile.JoinText(output["text"]))}</pre>";
            case "error":
                return $"<pre class=\"output error\">{WebUtility.HtmlEncode($"{output["ename"]}: {output["evalue"]}")}</pre>";
            case "display_data" or "execute_result":
                break;
            default:
                return "";
        }

        if (output["data"] is not JsonObject data)
        {
            return "";
        }

        if (data["text/html"] is { } htmlNode && PlotlyScript.FindInHtml(NotebookFile.JoinText(htmlNode)) is { } script)
        {
            plotlyJs ??= script;
        }

        if (data[PlotlyMimeType] is { } figureNode)
        {
            var figure = figureNode is JsonValue ? JsonNode.Parse(NotebookFile.JoinText(figureNode)) : figureNode;
            var id = $"dlc-handout-chart-{++chartCount}";
            var height = figure?["layout"]?["height"]?.GetValue<double>() is double h ? (int)h : 450;
            figures.Append($"<script type=\"application/json\" class=\"dlc-chart-figure\" data-target=\"{id}\">")
                .Append(EscapeForScript(figure?.ToJsonString() ?? "{}")).Append("</script>\n");
            return $"<div class=\"output chart\"><div class=\"dlc-chart\" id=\"{id}\" style=\"min-height:{height}px\"></div></div>";
        }

        if (data["text/html"] is { } html)
        {
            var cleaned = CleanHtml(NotebookFile.JoinText(html));
            if (IsHtmlChart(cleaned))
            {
                // A chart without a figure copy (e.g. a live chart's display): its own script draws it with the head's plotly.js.
                chartCount++;
                return $"<div class=\"output chart html-chart\">{cleaned}</div>";
            }

            return $"<div class=\"output html\">{cleaned}</div>";
        }

        foreach (var image in new[] { "image/png", "image/jpeg", "image/gif" })
        {
            if (data[image] is { } base64)
            {
                var payload = NotebookFile.JoinText(base64).Replace("\n", "", StringComparison.Ordinal);
                return $"<div class=\"output image\"><img src=\"data:{image};base64,{payload}\" alt=\"output image\"></div>";
            }
        }

        if (data["image/svg+xml"] is { } svg)
        {
            return $"<div class=\"output image\">{CleanHtml(NotebookFile.JoinText(svg))}</div>";
        }

        if (data["text/markdown"] is { } markdown)
        {
            return $"<div class=\"output markdown\">{Markdig.Markdown.ToHtml(NotebookFile.JoinText(markdown), Markdown)}</div>";
        }

        if (data["text/plain"] is { } text)
        {
            return $"<pre class=\"output\">{WebUtility.HtmlEncode(NotebookFile.JoinText(text))}</pre>";
        }

        return "";
    }

    [GeneratedRegex("""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalScript();

    [GeneratedRegex("""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLink();

    /// <summary>Output HTML without plotly.js copies and without scripts/stylesheets loaded from the network.</summary>
    private static string CleanHtml(string html) =>
        ExternalLink().Replace(ExternalScript().Replace(PlotlyScript.RemoveFromHtml(html), ""), "");

    /// <summary><c>$$…$$</c> starting a line, on one line or several (content may share a line with either <c>$$</c>).</summary>
    [GeneratedRegex(@"^[ \t]*\$\$(?<tex>(?:(?!\$\$).)+?)\$\$[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    /// <summary>
    /// Jupyter shows <c>$$…$$</c> as display math wherever the content sits; Markdig only treats <c>$$</c> on lines of
    /// their own as a block (otherwise underscores inside become italics), so every display is rewritten into that form.
    /// </summary>
    private static string DisplayMathAsBlocks(string markdown) =>
        DisplayMath().Replace(markdown, m => "$$\n" + m.Groups["tex"].Value.Trim() + "\n$$");

    /// <summary>Inline <c>$…$</c> whose text wraps onto a second line (outside code fences and spans).</summary>
    [GeneratedRegex(@"(?<![\$\\`])\$(?!\$)(?<a>[^\$\n`]+)\n(?<b>[^\$\n`]+)(?<![\\ ])\$(?!\$)")]
    private static partial Regex WrappedInlineMath();

    /// <summary>
    /// Jupyter (MathJax) renders inline math that a source line break splits in two; Markdig does not, and the handout
    /// showed raw LaTeX. The break inside such math becomes a space (fenced code blocks are left alone).
    /// </summary>
    public static string InlineMathOnOneLine(string markdown)
    {
        var parts = markdown.Split("```");
        for (var i = 0; i < parts.Length; i += 2)
        {
            parts[i] = WrappedInlineMath().Replace(parts[i], m => "$" + m.Groups["a"].Value + " " + m.Groups["b"].Value + "$");
        }

        return string.Join("```", parts);
    }

    /// <summary>True for HTML that draws a Plotly chart (checked after plotly.js itself was removed).</summary>
    public static bool IsHtmlChart(string html) =>
        html.Contains("Plotly.newPlot(", StringComparison.Ordinal) || html.Contains("Plotly.react(", StringComparison.Ordinal);

    private static string EscapeForScript(string json) =>
        json.Replace("</", "<\\/", StringComparison.Ordinal).Replace("<!--", "<\\!--", StringComparison.Ordinal);

    private string RenderIndex(IReadOnlyList<Handout> handouts)
    {
        var body = new StringBuilder();
        body.Append("<h1>Deep Learning Course — handouts</h1>\n");
        body.Append(Student ? "<p>Student edition: exercise cells are left for you to solve.</p>\n" : "<p>Lecture notes with executed code, outputs and charts.</p>\n");
        body.Append("<ul class=\"lectures\">\n");
        foreach (var handout in handouts)
        {
            var file = Path.GetFileName(handout.HtmlPath);
            var pdf = Path.ChangeExtension(handout.HtmlPath, ".pdf");
            var counts = string.Join(" · ", new[] { (handout.ChartCount, "chart"), (handout.ExerciseCount, "exercise") }
                .Where(c => c.Item1 > 0).Select(c => Plural(c.Item1, c.Item2)));
            body.Append($"<li><a href=\"{WebUtility.HtmlEncode(file)}\">{WebUtility.HtmlEncode(handout.Title)}</a>")
                .Append(File.Exists(pdf) ? $" <a class=\"pdf\" href=\"{WebUtility.HtmlEncode(Path.GetFileName(pdf))}\">PDF</a>" : "")
                .Append(counts.Length > 0 ? $"<span class=\"counts\">{counts}</span>" : "").Append("</li>\n");
        }

        body.Append("</ul>\n");
        return Page("Deep Learning Course — handouts", body.ToString(), plotlyJs: null, handout: false);
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A complete page; a handout (not the index) also gets KaTeX, the chart script and a link back to the index.</summary>
    private static string Page(string title, string body, string? plotlyJs, bool handout)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{WebUtility.HtmlEncode(title)}</title>\n")
            .Append("<style>").Append(Resource("handout/handout.css")).Append("</style>\n");
        if (handout)
        {
            page.Append("<!-- KaTeX ").Append(Resource("katex/VERSION").Trim()).Append(" (MIT licence, see the end of this file) -->\n")
                .Append("<style>").Append(Resource("katex/katex.inlined.min.css")).Append("</style>\n")
                .Append("<script>").Append(Resource("katex/katex.min.js")).Append("</script>\n")
                .Append("<script>").Append(Resource("katex/auto-render.min.js")).Append("</script>\n");
            if (plotlyJs is not null)
            {
                page.Append($"<script id=\"{PlotlyScript.ScriptElementId}\">").Append(plotlyJs).Append("</script>\n");
            }

            page.Append("<script>").Append(Resource("handout/handout.js")).Append("</script>\n");
        }

        page.Append("</head>\n<body>\n<main class=\"handout\">\n");
        if (handout)
        {
            page.Append("<nav class=\"handout-nav\"><a href=\"index.html\">← all handouts</a></nav>\n");
        }

        page.Append(body).Append("</main>\n");
        if (handout)
        {
            page.Append("<!--\nKaTeX licence:\n").Append(Resource("katex/LICENSE").Replace("--", "- -", StringComparison.Ordinal)).Append("-->\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Export: embedded resource '{name}' is missing from the dlc assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
