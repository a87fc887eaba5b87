using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// A grid of histograms, one panel per named tensor: per-layer activations, weights or gradients. Shows at a glance which layer
    /// saturates (activations piled at ±1), dies (all zeros) or has vanishing gradients.
    /// </summary>
    public static GenericChart Histograms(IEnumerable<(string Name, Tensor Values)> panels, int columns = 3, string? title = null, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var list = panels.ToList();
        if (list.Count == 0) throw new ArgumentException("Plot.Histograms: no tensors given; pass at least one (name, tensor) pair.", nameof(panels));
        columns = Math.Clamp(columns, 1, list.Count);
        int rows = (list.Count + columns - 1) / columns;
        var traces = list.Select((p, k) =>
        {
            var (traceX, traceY, _, _) = Figures.Axes(k);
            return Figures.Trace("histogram", ("x", p.Values.Data.Select(v => (double)v).ToArray()), ("name", p.Name), ("nbinsx", bins),
                ("marker", new Dictionary<string, object> { ["color"] = Figures.Colour(k) }), ("xaxis", traceX), ("yaxis", traceY), ("showlegend", false));
        });
        var chart = Figures.Chart(traces, title, height: 60 + 220 * rows);
        return Figures.Grid(chart, rows, columns, list.Select(p => $"{p.Name} {Tensor.ShapeText(p.Values.Shape)}").ToList());
    }

    /// <summary>Histograms of every parameter of a model, or of their gradients (after Backward) when <paramref name="gradients"/> is true.</summary>
    public static GenericChart ParameterHistograms(Module model, bool gradients = false, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        var panels = model.NamedParameters()
            .Where(p => !gradients || p.Value.Grad is not null)
            .Select(p => (gradients ? $"∇{p.Name}" : p.Name, gradients ? p.Value.Grad! : p.Value)).ToList();
        if (panels.Count == 0)
            throw new InvalidOperationException($"Plot.ParameterHistograms: {model.Name} has no {(gradients ? "parameter gradients; call loss.Backward() first" : "parameters")}.");
        return Histograms(panels, columns, gradients ? "Parameter gradients" : "Parameters");
    }

    /// <summary>
    /// Runs <paramref name="input"/> through the layers of a Sequential model (evaluation mode, no graph) and draws a histogram of each
    /// layer's output.
    /// </summary>
    public static GenericChart ActivationHistograms(Sequential model, Tensor input, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var panels = new List<(string, Tensor)>();
        Tensor h = input;
        bool wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using (GradMode.Disable())
            {
                for (int i = 0; i < model.Layers.Count; i++)
                {
                    h = model.Layers[i].Forward(h);
                    panels.Add(($"{i}: {model.Layers[i].Describe()}", h));
                }
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
        return Histograms(panels, columns, "Activations per layer");
    }
}
