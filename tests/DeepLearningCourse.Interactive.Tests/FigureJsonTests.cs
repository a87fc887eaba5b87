using System.Text.Json;

namespace DeepLearningCourse.Interactive.Tests;

public class FigureJsonTests
{
    public FigureJsonTests() => Course.Setup();

    [Fact]
    public void Compact_rounds_numbers_to_six_significant_digits_and_keeps_everything_else()
    {
        var json = """{"data":[{"type":"histogram","x":[0.03299199417233467,-1.246875,1e-12,42,3.0],"name":"a \"b\" <c>","visible":true,"z":null}]}""";
        var compact = FigureJson.Compact(json);
        Assert.Equal("""{"data":[{"type":"histogram","x":[0.032992,-1.24687,1E-12,42,3],"name":"a \"b\" <c>","visible":true,"z":null}]}""", compact);
    }

    [Fact]
    public void Chart_figures_are_compact_and_a_large_histogram_shrinks()
    {
        var random = new Random(0);
        var values = Enumerable.Range(0, 5000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var chart = Plot.Histograms([("values", Tensor.FromArray(values))]);
        var figure = PlotlyHtml.ToFigureJson(chart);
        var x = JsonDocument.Parse(figure).RootElement.GetProperty("data")[0].GetProperty("x");
        Assert.Equal(5000, x.GetArrayLength());
        Assert.Equal(FigureJson.Round(values[0]), x[0].GetDouble());
        Assert.True(figure.Length < 5000 * 11, $"figure JSON is {figure.Length} characters for 5000 values");
        Assert.Contains(figure.Replace("</", "<\\/", StringComparison.Ordinal)[..40], PlotlyHtml.ToHtml(chart, includeScript: false), StringComparison.Ordinal);
    }
}
