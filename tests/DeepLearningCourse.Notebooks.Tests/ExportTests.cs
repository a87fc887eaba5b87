using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class ExportTests(ExecutedFixtures fixtures) : IClassFixture<ExecutedFixtures>
{
    [Fact]
    public void The_fixtures_ran_cleanly()
    {
        Assert.All(fixtures.Runs, run => Assert.True(run.Succeeded, run.Error?.ToString()));
        Assert.Equal(42, fixtures.Runs[1].Headline("fixture.library.answer"));
    }

    [Theory]
    [InlineData("lecture.html", 2)]
    [InlineData("interactive-library.html", 3)]
    public void Every_chart_of_the_executed_notebook_is_in_the_handout_once(string handoutName, int expectedCharts)
    {
        var handout = fixtures.FullHandout(handoutName);
        var html = File.ReadAllText(handout.HtmlPath);
        var chartsInNotebook = ChartOutputs(handout.NotebookPath);

        Assert.Equal(expectedCharts, chartsInNotebook);
        Assert.Equal(expectedCharts, handout.ChartCount);
        Assert.Equal(expectedCharts, Regex.Count(html, "<div class=\"output chart"));
        Assert.Equal(1, Regex.Count(html, "id=\"dlc-plotly-js\""));
        Assert.Equal(1, Regex.Count(html, @"plotly\.js v2\.\d+\.\d+"));
    }

    /// <summary>Outputs of an executed notebook that are charts: a plotly figure copy, or HTML that draws one.</summary>
    internal static int ChartOutputs(string executedNotebook) =>
        NotebookFile.Load(executedNotebook).Cells.SelectMany(c => c.HasOutputs ? c.Outputs.OfType<JsonObject>() : [])
            .Count(output => output["data"] is JsonObject data && (data[HandoutExporter.PlotlyMimeType] is not null ||
                (data["text/html"] is { } h && HandoutExporter.IsHtmlChart(PlotlyScript.RemoveFromHtml(NotebookFile.JoinText(h))))));

    [Fact]
    public void Handouts_and_index_have_no_network_references()
    {
        var pages = Directory.GetFiles(fixtures.Handouts, "*.html").Concat(Directory.GetFiles(fixtures.StudentHandouts, "*.html")).ToList();
        Assert.Equal(6, pages.Count);
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.Empty(NetworkReferences.Find(html));
            Assert.DoesNotMatch(new Regex("""(src|href)\s*=\s*["']?https?://(?!example\.org/course)""", RegexOptions.IgnoreCase),
                new Regex("""<script\b[^>]*>[\s\S]*?</script>""").Replace(html, ""));
        }

        Assert.All(fixtures.Full, handout => Assert.Empty(handout.NetworkReferences));
    }

    [Fact]
    public void The_network_check_finds_what_would_load_from_the_web()
    {
        var found = NetworkReferences.Find("""
            <script src="https://cdn.plot.ly/plotly-2.28.0.min.js"></script>
            <link rel="stylesheet" href="//cdn.example.com/katex.css">
            <img src='http://example.com/a.png'>
            <style>@import url("https://fonts.example.com/font.css"); .x { background: url(https://example.com/b.png) }</style>
            <script>require(["https://cdn.example.com/require.js"], function () {});</script>
            <a href="https://example.org/read-more">fine: a link</a>
            <body><script>var c = requirejs.config({paths: {plotly: 'https://cdn.plot.ly/plotly-2.27.1.min'}});
            document.createElementNS("http://www.w3.org/2000/svg", "svg");</script></body>
            """);

        Assert.Equal(7, found.Count);
        Assert.Contains("script url: https://cdn.plot.ly/plotly-2.27.1.min", found);
        Assert.Contains("<script src>: https://cdn.plot.ly/plotly-2.28.0.min.js", found);
        Assert.DoesNotContain(found, f => f.Contains("read-more", StringComparison.Ordinal));
    }

    [Fact]
    public void Cdn_scripts_in_outputs_are_dropped_and_the_rest_of_the_output_kept()
    {
        var scratch = TestPaths.Scratch("cdn");
        var notebook = TestNotebooks.Write(Path.Combine(scratch, "01-cdn.ipynb"),
            TestNotebooks.Markdown("# CDN output"),
            TestNotebooks.Code("display(chart)", TestNotebooks.Display(("text/html",
                """<script src="https://cdn.jsdelivr.net/npm/requirejs@2.3.6/require.min.js"></script><link rel="stylesheet" href="https://cdn.example.com/x.css"><div id="kept">kept</div>"""))));

        var handout = new HandoutExporter().Export(notebook, Path.Combine(scratch, "01-cdn.html"));

        var html = File.ReadAllText(handout.HtmlPath);
        Assert.Empty(handout.NetworkReferences);
        Assert.Contains("<div id=\"kept\">kept</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_student_edition_leaves_out_solution_cells_but_keeps_exercises()
    {
        var full = File.ReadAllText(fixtures.FullHandout("lecture.html").HtmlPath);
        var student = fixtures.StudentHandout("lecture.html");
        var studentHtml = File.ReadAllText(student.HtmlPath);

        Assert.Equal(1, student.DroppedSolutions);
        Assert.Equal(0, fixtures.FullHandout("lecture.html").DroppedSolutions);
        Assert.Contains("// SOLUTION: mean-loss", full, StringComparison.Ordinal);
        Assert.DoesNotContain("// SOLUTION: mean-loss", studentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("losses.Average()", studentHtml, StringComparison.Ordinal);
        Assert.Contains("// EXERCISE: mean-loss", studentHtml, StringComparison.Ordinal);
        Assert.Contains("Exercise: mean-loss", studentHtml, StringComparison.Ordinal);
        Assert.Contains("<strong>Hint</strong>", studentHtml, StringComparison.Ordinal);
        Assert.Equal(1, fixtures.StudentHandout("interactive-library.html").DroppedSolutions);
    }

    [Fact]
    public void Markdown_math_is_left_for_the_embedded_katex_with_inlined_fonts()
    {
        var html = File.ReadAllText(fixtures.FullHandout("lecture.html").HtmlPath);

        Assert.Contains(@"\(y = \sigma(Wx + b)\)", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"math\">\n\\[\n\\frac{\\partial L}{\\partial w} = x^\\top \\delta\n\\]</div>", html, StringComparison.Ordinal);
        Assert.Contains("renderMathInElement", html, StringComparison.Ordinal);
        Assert.Contains("data:font/woff2;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(fonts/", html, StringComparison.Ordinal);
        Assert.Contains("KaTeX licence", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_math_spanning_lines_with_content_beside_the_dollars_stays_math()
    {
        var scratch = TestPaths.Scratch("display-math");
        var notebook = TestNotebooks.Write(Path.Combine(scratch, "01-math.ipynb"),
            TestNotebooks.Markdown("Before.\n\n$$ h_t = \\tanh(x_t W_x +\n h_{t-1} W_h + b) $$\n\nAfter."));
        var html = File.ReadAllText(new HandoutExporter().Export(notebook, Path.Combine(scratch, "01-math.html")).HtmlPath);

        Assert.Contains("<div class=\"math\">\n\\[\nh_t = \\tanh(x_t W_x +\n h_{t-1} W_h + b)\n\\]</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_is_styled_and_outputs_are_shown()
    {
        var html = File.ReadAllText(fixtures.FullHandout("interactive-library.html").HtmlPath);

        Assert.Contains("<span class=\"tok-keyword\">var</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-directive\">#r &quot;../../../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"output stream\">DeepLearningCourse engine", html, StringComparison.Ordinal);
        Assert.Contains("fixture.library.answer", html, StringComparison.Ordinal);
        Assert.Contains("Tensor", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_lists_every_handout_by_title()
    {
        var index = File.ReadAllText(Path.Combine(fixtures.Handouts, "index.html"));

        Assert.Contains("<a href=\"interactive-library.html\">Fixture: the Interactive library in the headless runner</a>", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"lecture.html\">Fixture lecture: export</a>", index, StringComparison.Ordinal);
        Assert.Contains("Student edition", File.ReadAllText(Path.Combine(fixtures.StudentHandouts, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_without_plotly_js_anywhere_is_an_error_that_says_what_to_build()
    {
        var scratch = TestPaths.Scratch("no-plotly");
        var notebook = TestNotebooks.Write(Path.Combine(scratch, "01.ipynb"), TestNotebooks.Code("chart", TestNotebooks.Chart(TestNotebooks.LineFigure)));
        var previous = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        try
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", scratch);
            var error = Assert.Throws<InvalidOperationException>(() => new HandoutExporter(notebookLibrary: scratch).Export(notebook, Path.Combine(scratch, "01.html")));
            Assert.Contains("has 1 chart(s) but no plotly.js was found", error.Message, StringComparison.Ordinal);
            Assert.Contains("build src/DeepLearningCourse.Interactive", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", previous);
        }
    }

    [Fact]
    public void Plotly_js_is_read_from_the_plotly_net_dll_file()
    {
        var script = PlotlyScript.CandidateAssemblyFiles(TestPaths.Course.NotebookLibrary).Select(PlotlyScript.ReadFromAssemblyFile).First(s => s is not null);

        Assert.Contains("plotly.js v2.28.0", script, StringComparison.Ordinal);
        Assert.Null(PlotlyScript.ReadFromAssemblyFile(Path.Combine(TestPaths.Course.NotebookLibrary, "DeepLearningCourse.Engine.dll")));
    }
}
