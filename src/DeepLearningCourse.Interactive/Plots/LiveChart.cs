using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// A chart that updates in place while a cell runs: add points as training goes and call <see cref="Refresh"/> every few steps.
/// <code>
/// var live = LiveChart.Loss();
/// for (int step = 0; step &lt; 500; step++) { …; live.Add(step, loss.Item()); if (step % 25 == 0) live.Refresh(); }
/// live.Refresh();   // the final state, which is what the saved notebook keeps
/// </code>
/// The first Refresh shows the chart; later ones replace that same display. Outside a notebook Refresh only rebuilds the chart.
/// </summary>
public sealed class LiveChart
{
    private readonly string _title;
    private readonly string _xTitle;
    private readonly string _yTitle;
    private readonly bool _logY;
    private readonly List<(string Name, List<double> X, List<double> Y)> _series = [];
    private readonly Func<Tensor, Tensor>? _boundaryModel;
    private readonly Tensor? _boundaryX;
    private readonly Tensor? _boundaryY;
    private readonly bool _outputIsLogit;
    private LiveDisplay? _display;

    private LiveChart(string title, string xTitle, string yTitle, bool logY, Func<Tensor, Tensor>? model = null, Tensor? x = null, Tensor? y = null, bool outputIsLogit = true)
    {
        _title = title;
        _xTitle = xTitle;
        _yTitle = yTitle;
        _logY = logY;
        _boundaryModel = model;
        _boundaryX = x;
        _boundaryY = y;
        _outputIsLogit = outputIsLogit;
    }

    /// <summary>A live loss curve (series are created on first use: "train", "validation", …).</summary>
    public static LiveChart Loss(string title = "Training loss", bool logScale = false) => new(title, "step", "loss", logScale);

    /// <summary>A live chart of any named series against a step.</summary>
    public static LiveChart Series(string title, string xTitle = "step", string yTitle = "value", bool logScale = false) => new(title, xTitle, yTitle, logScale);

    /// <summary>
    /// A live decision boundary of a 2-D classifier (see <see cref="Plot.DecisionBoundary(Module, Tensor, Tensor, int, bool)"/>), next to
    /// the loss curve fed with <see cref="Add"/>.
    /// </summary>
    public static LiveChart DecisionBoundary(Module model, Tensor x, Tensor y, bool outputIsLogit = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        return DecisionBoundary(input => Plot.Evaluate(model, input), x, y, outputIsLogit);
    }

    /// <inheritdoc cref="DecisionBoundary(Module, Tensor, Tensor, bool)"/>
    public static LiveChart DecisionBoundary(Func<Tensor, Tensor> model, Tensor x, Tensor y, bool outputIsLogit = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Plot.DecisionBoundary(model, x, y, 8, outputIsLogit); // validates shapes now rather than in the middle of training
        return new LiveChart("Training", "step", "loss", false, model, x, y, outputIsLogit);
    }

    /// <summary>Number of points added so far, over all series.</summary>
    public int PointCount => _series.Sum(s => s.X.Count);

    /// <summary>Number of times the display was refreshed.</summary>
    public int RefreshCount { get; private set; }

    /// <summary>Adds a point to a series (created on first use).</summary>
    public void Add(double step, double value, string series = "train")
    {
        var s = _series.Find(t => t.Name == series);
        if (s.Name is null)
        {
            s = (series, [], []);
            _series.Add(s);
        }
        s.X.Add(step);
        s.Y.Add(value);
    }

    /// <summary>Redraws: shows the chart the first time, then updates the same display.</summary>
    public void Refresh()
    {
        GenericChart chart = ToChart();
        RefreshCount++;
        if (_display is null)
        {
            // plotly.js goes in its own display, which is never updated: the 3.5 MB script is sent once, not with every
            // refresh, and stays in the saved notebook whichever update is last.
            if (PlotlyHtml.ClaimScript()) KernelOutput.Show(new HtmlSnippet(PlotlyHtml.ScriptElement()), CourseFormatters.Html);
            _display = KernelOutput.Show(new LiveFigure(chart), CourseFormatters.Html, PlotlyHtml.FigureMimeType);
        }
        else
        {
            _display.Update(new LiveFigure(chart));
        }
    }

    /// <summary>The chart as it is now.</summary>
    public GenericChart ToChart()
    {
        var lines = _series.Select((s, k) => Plot.LineTrace(s.Name, s.X, s.Y, Figures.Colour(k), null,
            _boundaryModel is null ? null : "x2", _boundaryModel is null ? null : "y2")).ToList();
        if (_boundaryModel is null) return Figures.Chart(lines, _title, _xTitle, _yTitle, logY: _logY);

        GenericChart boundary = Plot.DecisionBoundary(_boundaryModel, _boundaryX!, _boundaryY!, 60, _outputIsLogit);
        var traces = GenericChart.getTraces(boundary).ToList();
        traces.AddRange(lines);
        var chart = Figures.Chart(traces, _title, height: 440);
        Figures.Grid(chart, 1, 2, ["decision boundary", _yTitle], logY: _logY);
        return chart;
    }
}

/// <summary>A chart shown by a <see cref="LiveChart"/> (plotly.js is shown once, in a display of its own, before the first one).</summary>
public sealed record LiveFigure(GenericChart Chart)
{
    public string ToHtml() => PlotlyHtml.ToHtml(Chart, includeScript: false);

    public string ToFigureJson() => PlotlyHtml.ToFigureJson(Chart);
}
