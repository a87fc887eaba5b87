using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Training curves against the epoch (1, 2, …): train loss (solid) and validation loss (dashed); when accuracies are given, a
    /// second panel shows them the same way.
    /// </summary>
    public static GenericChart LossCurves(IReadOnlyList<double> trainLoss, IReadOnlyList<double>? validationLoss = null,
        IReadOnlyList<double>? trainAccuracy = null, IReadOnlyList<double>? validationAccuracy = null, string title = "Training curves", bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(trainLoss);
        bool accuracy = trainAccuracy is not null || validationAccuracy is not null;
        var traces = new List<Trace>();
        static double[] Epochs(int n) => Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        traces.Add(LineTrace("train loss", Epochs(trainLoss.Count), trainLoss, Figures.Colour(0)));
        if (validationLoss is not null) traces.Add(LineTrace("validation loss", Epochs(validationLoss.Count), validationLoss, Figures.Colour(1), "dash"));
        if (!accuracy) return Figures.Chart(traces, title, "epoch", "loss", logY: logScale);
        if (trainAccuracy is not null) traces.Add(LineTrace("train accuracy", Epochs(trainAccuracy.Count), trainAccuracy, Figures.Colour(0), null, "x2", "y2"));
        if (validationAccuracy is not null) traces.Add(LineTrace("validation accuracy", Epochs(validationAccuracy.Count), validationAccuracy, Figures.Colour(1), "dash", "x2", "y2"));
        var chart = Figures.Chart(traces, title, height: 380);
        Figures.Grid(chart, 1, 2, ["loss", "accuracy"]);
        if (logScale) chart.WithLayout("yaxis", new Dictionary<string, object> { ["type"] = "log" });
        return chart;
    }

    /// <summary>
    /// Training curves from a <see cref="TrainingHistory"/>: per-epoch train and validation loss, and accuracy when recorded.
    /// A history without epochs (a hand-written loop) shows its per-step loss instead.
    /// </summary>
    public static GenericChart LossCurves(TrainingHistory history, string title = "Training curves", bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs == 0)
        {
            var steps = Enumerable.Range(0, history.Steps).Select(i => (double)i);
            return Figures.Chart([LineTrace("train loss", steps, history.StepLoss, Figures.Colour(0))], title, "step", "loss", logY: logScale);
        }
        return LossCurves(history.EpochLoss, NullIfEmpty(history.ValidationLoss), NullIfEmpty(history.EpochAccuracy), NullIfEmpty(history.ValidationAccuracy), title, logScale);
    }

    private static List<double>? NullIfEmpty(List<double> values) => values.Count == 0 ? null : values;

    /// <summary>
    /// Data points (x, y) and fitted curves drawn over the data's x range: each curve is a function of x, e.g. <c>("cubic", x => …)</c>.
    /// </summary>
    public static GenericChart FunctionFit(IReadOnlyList<double> x, IReadOnlyList<double> y, params (string Name, Func<double, double> Function)[] curves)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(curves);
        if (x.Count != y.Count)
            throw new ArgumentException($"Plot.FunctionFit: x has {x.Count} values but y has {y.Count}; give one y per x.");
        double[] grid = Figures.Range(x.Min(), x.Max(), 200);
        return FunctionFitChart(x, y, grid, curves.Select(c => (c.Name, grid.Select(c.Function).ToArray())));
    }

    /// <summary>
    /// Data points (x [N] or [N, 1], y the same) and the predictions of models taking [M, 1] inputs, on 200 points across the data's x range.
    /// Models run in evaluation mode without recording a graph.
    /// </summary>
    public static GenericChart FunctionFit(Tensor x, Tensor y, params (string Name, Module Model)[] models)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(models);
        double[] xs = Column(x, "Plot.FunctionFit", "x"), ys = Column(y, "Plot.FunctionFit", "y");
        double[] grid = Figures.Range(xs.Min(), xs.Max(), 200);
        var input = Tensor.FromArray(grid, grid.Length, 1);
        var curves = models.Select(m => (m.Name, Column(Evaluate(m.Model, input), "Plot.FunctionFit", $"the output of model \"{m.Name}\"")));
        return FunctionFitChart(xs, ys, grid, curves);
    }

    private static GenericChart FunctionFitChart(IReadOnlyList<double> x, IReadOnlyList<double> y, double[] grid, IEnumerable<(string Name, double[] Values)> curves)
    {
        var traces = new List<Trace> { PointTrace("data", x, y, "#7f7f7f", 6) };
        traces.AddRange(curves.Select((c, k) => LineTrace(c.Name, grid, c.Values, Figures.Colour(k))));
        return Figures.Chart(traces, "Function fit", "x", "y");
    }

    /// <summary>
    /// Gradient norms per step (or per time step, going back through an RNN) on a log scale, so vanishing and exploding gradients
    /// show as straight lines. One series per name.
    /// </summary>
    public static GenericChart GradientNorms(params (string Name, IReadOnlyList<double> Norms)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = series.Select((s, k) => LineTrace(s.Name, Enumerable.Range(0, s.Norms.Count).Select(i => (double)i), s.Norms, Figures.Colour(k)));
        return Figures.Chart(traces, "Gradient norms", "step", "‖gradient‖ (log scale)", logY: true);
    }

    /// <summary>Gradient norms of one series; see <see cref="GradientNorms(ValueTuple{string, IReadOnlyList{double}}[])"/>.</summary>
    public static GenericChart GradientNorms(IReadOnlyList<double> norms, string name = "‖gradient‖") => GradientNorms((name, norms));
}
