namespace DeepLearningCourse.Interactive.Tests;

public class LiveChartTests
{
    [Fact]
    public void Refresh_shows_once_then_updates_the_same_display()
    {
        using var capture = new DisplayCapture();
        PlotlyHtml.ClaimScript();
        var live = LiveChart.Loss();
        for (int step = 0; step < 10; step++)
        {
            live.Add(step, 1.0 / (step + 1));
            if (step % 2 == 0) live.Add(step, 2.0 / (step + 1), "validation");
            if (step % 5 == 4) live.Refresh();
        }
        Assert.Equal(2, live.RefreshCount);
        Assert.Equal(15, live.PointCount);
        Assert.Equal(2, capture.Shown.Count); // the show and one update (the sink sees both)
        var figure = Assert.IsType<LiveFigure>(capture.Shown[1].Value);
        var traces = Figure.Traces(figure.Chart);
        Assert.Equal(["train", "validation"], traces.Select(Figure.Name));
        Assert.Equal(10, traces[0].GetProperty("y").GetArrayLength());
    }

    [Fact]
    public void Plotly_js_is_shown_once_in_its_own_display_before_the_first_live_chart()
    {
        using var capture = new DisplayCapture();
        PlotlyHtml.ResetScriptFlag();
        var live = LiveChart.Loss();
        live.Add(0, 1);
        live.Refresh();
        live.Add(1, 0.5);
        live.Refresh();
        Assert.Equal(3, capture.Shown.Count);
        Assert.StartsWith("<script id=\"dlc-plotly-js\">", ((HtmlSnippet)capture.Shown[0].Value).Html);
        Assert.All(capture.Shown.Skip(1), s => Assert.DoesNotContain("dlc-plotly-js", ((LiveFigure)s.Value).ToHtml()));
        Assert.Equal(["text/html", PlotlyHtml.FigureMimeType], capture.Shown[1].MimeTypes);
        Assert.True(PlotlyHtml.ScriptAlreadyEmitted);
    }

    [Fact]
    public void Live_decision_boundary_shows_the_boundary_next_to_the_loss()
    {
        using var capture = new DisplayCapture();
        PlotlyHtml.ClaimScript();
        var model = new Linear(2, 3, new Random(0));
        var live = LiveChart.DecisionBoundary(model, Tensor.FromArray(new float[,] { { 0, 0 }, { 1, 1 } }), Tensor.FromArray([0f, 2f]));
        live.Add(0, 1.0);
        live.Refresh();
        var traces = Figure.Traces(((LiveFigure)capture.Shown.Single().Value).Chart);
        Assert.Equal(["heatmap", "scatter", "scatter", "scatter"], traces.Select(Figure.Type));
        Assert.Equal("train", Figure.Name(traces[^1]));
        Assert.Equal("y2", traces[^1].GetProperty("yaxis").GetString());
    }

    [Fact]
    public void Live_decision_boundary_checks_shapes_up_front()
    {
        var ex = Assert.Throws<ShapeException>(() => LiveChart.DecisionBoundary(t => t, Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.Contains("[3, 1]", ex.Message);
    }
}
