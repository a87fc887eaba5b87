using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace DeepLearningCourse.Interactive.Tests;

public class FormatterTests
{
    public FormatterTests() => Course.Setup();

    [Fact]
    public void Small_tensor_is_an_html_table_with_shape_label_creator_and_grad()
    {
        var w = Tensor.FromArray(new float[,] { { 1, -2 }, { 3.5f, 4 } }).Named("W").WithGrad();
        var y = (w * w).Named("y");
        y.Sum().Backward();

        string wHtml = Figure.Html(w);
        Assert.Contains("[2, 2]", wHtml);
        Assert.Contains("“W”", wHtml);
        Assert.Contains("requires grad", wHtml);
        Assert.Contains("grad ‖g‖", wHtml);
        Assert.Contains("<table", wHtml);
        Assert.Contains(">3.5</td>", wHtml);
        Assert.Contains(">-2</td>", wHtml);
        Assert.Contains("from <b>Mul</b>", Figure.Html(y));
    }

    [Fact]
    public void Large_tensor_shows_statistics_and_elided_values_not_every_value()
    {
        var t = Tensor.Arange(1000).Reshape(10, 100);
        string html = Figure.Html(t);
        Assert.Contains("[10, 100]", html);
        Assert.Contains(">mean</th>", html);
        Assert.Contains(">499.5</td>", html); // mean of 0..999
        Assert.Contains("...", html);
        Assert.DoesNotContain(">500</td>", html);
    }

    [Fact]
    public void Tensor_statistics_count_zeros_and_non_finite_values_apart()
    {
        var stats = TensorStatistics.Of(Tensor.FromArray([0f, 2f, float.NaN, 4f, float.PositiveInfinity]));
        Assert.Equal(0, stats.Min);
        Assert.Equal(4, stats.Max);
        Assert.Equal(2, stats.Mean, 6);
        Assert.Equal(1, stats.Zeros);
        Assert.Equal(2, stats.NonFinite);
    }

    [Fact]
    public void Module_table_lists_layers_parameter_shapes_and_counts()
    {
        var model = new Sequential(new Linear(2, 3, new Random(0)), new ReLU(), new Linear(3, 1, new Random(1)));
        string html = Figure.Html(model);
        Assert.Contains("Linear(2 → 3)", html);
        Assert.Contains("Weight [2, 3]", html);
        Assert.Contains("Bias [3]", html);
        Assert.Contains("Weight [3, 1]", html);
        Assert.Contains("ReLU", html);
        Assert.Contains("<b>13</b>", html); // 2·3 + 3 + 3·1 + 1
    }

    [Fact]
    public void Chart_html_is_offline_and_carries_plotly_js_once_per_notebook()
    {
        var chart = Plot.GradientNorms([1.0, 0.1]);
        PlotlyHtml.ResetScriptFlag();
        string first = Figure.Html(chart);
        string second = Figure.Html(chart);
        Assert.Contains("<script id=\"dlc-plotly-js\">", first);
        Assert.Contains("plotly.js v2.28.0", first);
        Assert.DoesNotContain("dlc-plotly-js", second);
        Assert.Contains("Plotly.newPlot(", second);
        Assert.DoesNotContain("<script src=", first);
        Assert.DoesNotContain("require.config", first);
        PlotlyHtml.ResetScriptFlag();
        Assert.Contains("dlc-plotly-js", Figure.Html(chart));
    }

    [Fact]
    public void Chart_displays_as_html_plus_the_plotly_json_mime_type()
    {
        var mimeTypes = Formatter.GetPreferredMimeTypesFor(typeof(GenericChart));
        Assert.Contains("text/html", mimeTypes);
        Assert.Contains(PlotlyHtml.FigureMimeType, mimeTypes);
        string json = Plot.GradientNorms([1.0, 0.1]).ToDisplayString(PlotlyHtml.FigureMimeType);
        Assert.StartsWith("{\"data\":[", json);
    }

    [Fact]
    public void Setup_is_idempotent_and_describes_the_machine()
    {
        Course.Setup();
        int before = Formatter.RegisteredFormatters(false).Count();
        Course.Setup();
        Assert.Equal(before, Formatter.RegisteredFormatters(false).Count());
        string line = Course.Describe();
        Assert.Contains("threads", line);
        Assert.Contains("CPU SIMD", line);
        Assert.Contains("GPU", line);
        Assert.Contains(System.Runtime.GCSettings.IsServerGC ? "· server GC ·" : "workstation GC (start the editor with DOTNET_gcServer=1", line);
        Assert.DoesNotContain('\n', line);
    }
}
