using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// One row of <see cref="ArchitectureCosts.Of"/>: a layer, the shape of its output for one example, its
/// parameter count and the multiply-adds it does for one example.
/// </summary>
/// <param name="Path">Where the layer sits: "3" is layer 3 of the model, "3.1.0" layer 0 of branch 1 inside layer 3.</param>
/// <param name="Layer">The layer's <see cref="Module.Describe"/>.</param>
/// <param name="Output">The output's shape for one example, without the batch axis, e.g. "[16, 14, 14]".</param>
/// <param name="Parameters">The layer's parameter values (weights and biases).</param>
/// <param name="MultiplyAdds">Multiply-adds for one example (see <see cref="ArchitectureCosts"/>).</param>
public sealed record LayerCost(string Path, string Layer, string Output, long Parameters, long MultiplyAdds);

/// <summary>
/// What a network costs, layer by layer: parameters and multiply-adds per example. Multiply-adds are counted for the
/// products, where nearly all the work is: a Conv2d layer does Ho·Wo·C_out·C_in·k² of them (one per weight per output
/// position), a Linear layer in·out per row. Pooling, activations and normalization count 0.
/// </summary>
public static class ArchitectureCosts
{
    /// <summary>
    /// Runs one example of shape <paramref name="exampleShape"/> (without the batch axis, e.g. 1, 28, 28) through
    /// <paramref name="model"/> in evaluation mode, without recording a graph, and returns one row per layer.
    /// <see cref="Sequential"/>, <see cref="Branches"/> and <see cref="Residual"/> are opened up (a row per inner layer,
    /// plus a row for joining branches or adding the skip connection); any other module is one row, and its
    /// multiply-adds are counted only if it is a Conv2d or Linear layer. The model's mode and parameters are unchanged.
    /// </summary>
    public static IReadOnlyList<LayerCost> Of(Module model, params int[] exampleShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Length == 0 || exampleShape.Any(d => d <= 0))
            throw new ArgumentException($"ArchitectureCosts.Of: the example shape {Tensor.ShapeText(exampleShape)} must have at least one axis and only positive sizes, e.g. (1, 28, 28) for one grey 28×28 image.", nameof(exampleShape));
        bool wasTraining = model.IsTraining;
        var rows = new List<LayerCost>();
        model.Eval();
        try
        {
            using (GradMode.Disable()) Walk(model, Tensor.Zeros([1, .. exampleShape]), "", rows);
        }
        finally
        {
            model.Train(wasTraining);
        }
        return rows;
    }

    /// <summary>A plain-text table of <paramref name="rows"/> with totals, for printing; columns as wide as their longest entry.</summary>
    public static string Table(IReadOnlyList<LayerCost> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int Widest(Func<LayerCost, string> column, int header) => rows.Select(r => column(r).Length).Append(header).Max();
        int path = Widest(r => r.Path, 5), layer = Widest(r => r.Layer, 0), output = Widest(r => r.Output, 6);
        string Line(string a, string b, string c, string d, string e) => $"{a.PadRight(path)} {b.PadRight(layer)} {c.PadRight(output)} {d,10} {e,13}".TrimEnd();
        var lines = new List<string> { Line("layer", "", "output", "parameters", "multiply-adds") };
        lines.AddRange(rows.Select(r => Line(r.Path, r.Layer, r.Output, r.Parameters.ToString("N0", CultureInfo.InvariantCulture), r.MultiplyAdds.ToString("N0", CultureInfo.InvariantCulture))));
        lines.Add(Line("total", "", "", rows.Sum(r => r.Parameters).ToString("N0", CultureInfo.InvariantCulture), rows.Sum(r => r.MultiplyAdds).ToString("N0", CultureInfo.InvariantCulture)));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// The multiply-adds a Conv2d or Linear layer does to make <paramref name="output"/>: each output value is one sum of
    /// C_in·k² (conv) or in (Linear) products; 0 for anything else.
    /// </summary>
    public static long MultiplyAdds(Module layer, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(output);
        return layer switch
        {
            Conv2d conv => output.Size * (long)conv.InChannels * conv.KernelSize * conv.KernelSize,
            Linear linear => output.Size * (long)linear.InFeatures,
            _ => 0,
        };
    }

    private static Tensor Walk(Module module, Tensor x, string path, List<LayerCost> rows)
    {
        string Child(int i) => path.Length == 0 ? $"{i}" : $"{path}.{i}";
        switch (module)
        {
            case Sequential sequential:
                for (int i = 0; i < sequential.Layers.Count; i++) x = Walk(sequential.Layers[i], x, Child(i), rows);
                return x;
            case Branches branches:
            {
                // Each branch runs once, inside the walk; the block only joins what they gave.
                var outputs = branches.Layers.Select((b, i) => Walk(b, x, Child(i), rows)).ToArray();
                string channels = string.Join(" + ", outputs.Select(o => o.Shape[1]));
                var joined = branches.Join(outputs);
                rows.Add(new LayerCost(path, $"join {outputs.Length} branches: {channels} channels", Shape(joined), 0, 0));
                return joined;
            }
            case Residual residual:
            {
                var branch = Walk(residual.Branch, x, Child(0), rows);
                var skip = residual.Shortcut is null ? x : Walk(residual.Shortcut, x, Child(1), rows);
                var y = residual.BranchEnabled ? residual.Join(x, skip, branch) : skip;
                rows.Add(new LayerCost(path, residual.Shortcut is null ? "add the skip connection" : "add the projected shortcut",
                    Shape(y), residual.Scale?.Size ?? 0, 0));
                return y;
            }
            default:
            {
                var y = module.Forward(x);
                string layer = IsCounted(module) ? module.Describe() : $"{module.Describe()} (multiply-adds not counted)";
                rows.Add(new LayerCost(path, layer, Shape(y), module.ParameterCount, MultiplyAdds(module, y)));
                return y;
            }
        }
    }

    /// <summary>True where the row's multiply-adds are right: a product layer, a normalization, or a layer without weights.</summary>
    private static bool IsCounted(Module module) =>
        module is Conv2d or Linear or BatchNormBase or LayerNorm || (module.Children.Count == 0 && module.ParameterCount == 0);

    private static string Shape(Tensor t) => Tensor.ShapeText(t.Shape[1..]);
}
