using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Engine;

/// <summary>What a gradient check found for one input.</summary>
/// <param name="Name">Input name ("input 0", a parameter's label).</param>
/// <param name="MaxRelativeError">Largest |analytic − numeric| / max(|analytic|, |numeric|, floor) over the elements.</param>
/// <param name="WorstIndex">Flat index of the element with that error.</param>
/// <param name="Analytic">dL/dx from Backward at that element.</param>
/// <param name="Numeric">The centred finite difference at that element.</param>
public sealed record GradientCheckEntry(string Name, double MaxRelativeError, int WorstIndex, double Analytic, double Numeric);

/// <summary>The outcome of a gradient check: one entry per checked input, and whether all are within tolerance.</summary>
public sealed record GradientCheckResult(IReadOnlyList<GradientCheckEntry> Entries, double Tolerance)
{
    /// <summary>The largest relative error over all inputs.</summary>
    public double MaxRelativeError => Entries.Aggregate(0.0, (worst, e) => Math.Max(worst, e.MaxRelativeError));

    /// <summary>True when every input's max relative error is at most <see cref="Tolerance"/>.</summary>
    public bool Passed => Entries.All(e => e.MaxRelativeError <= Tolerance);

    /// <summary>One line per input: name, max relative error, worst element, pass/fail.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Gradient check ({(Passed ? "passed" : "FAILED")}, tolerance {Tolerance:G2}):");
        foreach (var e in Entries)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  {e.Name,-16} max relative error {e.MaxRelativeError:E2} at [{e.WorstIndex}] (backward {e.Analytic:G6}, numeric {e.Numeric:G6}){(double.IsPositiveInfinity(e.MaxRelativeError) ? "  <-- not finite" : e.MaxRelativeError > Tolerance ? "  <-- too large" : "")}");
        }
        return sb.ToString().TrimEnd();
    }
}

/// <summary>
/// Compares Backward with centred finite differences: for each input element x_i,
/// numeric_i = (L(x_i + h) − L(x_i − h)) / 2h, where L = Σ u ⊙ f(x) for a fixed random upstream gradient u.
/// Backward must give the same numbers. Values are float32, so expect relative errors around 1e-4 for a correct
/// op; a Backward that is wrong by 1% in a single element shows an error near 1e-2 and fails.
/// Keep inputs away from kinks (ReLU at 0, Abs at 0, ties in Max), where the derivative is undefined.
/// A NaN or infinite value from Backward or from the finite differences (NaN inputs, log of 0) counts as an
/// infinite error, so the check fails and names that element instead of passing silently.
/// </summary>
public static class GradientCheck
{
    /// <summary>Default step h.</summary>
    public const double DefaultEpsilon = 1e-2;

    /// <summary>Default tolerance on the relative error.</summary>
    public const double DefaultTolerance = 5e-3;

    /// <summary>
    /// Checks a function of tensors, e.g. <c>xs => xs[0].MatMul(xs[1])</c>, at the given inputs. Every input that
    /// requires gradients is checked (if none does, all are).
    /// </summary>
    public static GradientCheckResult Check(Func<Tensor[], Tensor> function, Tensor[] inputs, double epsilon = DefaultEpsilon,
        double tolerance = DefaultTolerance, int seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0)
            throw new ArgumentException("GradientCheck.Check: no inputs were given, so there is nothing to check (an empty check would pass vacuously); pass the tensors the function differentiates.", nameof(inputs));
        bool any = inputs.Any(t => t.RequiresGrad);
        var checkedInputs = inputs.Select((t, i) => (t, i)).Where(p => !any || p.t.RequiresGrad).ToList();
        foreach (var (t, _) in checkedInputs) t.RequiresGrad = true;

        Tensor output = function(inputs);
        var upstream = Tensor.Uniform(new Random(seed), -1f, 1f, output.Shape);
        foreach (var (t, _) in checkedInputs) t.Grad = null;
        output.Backward(upstream);

        double Loss()
        {
            using var _ = GradMode.Disable();
            Tensor y = function(inputs);
            double sum = 0;
            for (int i = 0; i < y.Size; i++) sum += (double)y.Data[i] * upstream.Data[i];
            return sum;
        }

        var entries = new List<GradientCheckEntry>();
        foreach (var (t, index) in checkedInputs)
        {
            Tensor analytic = t.Grad ?? Tensor.Zeros(t.Shape);
            entries.Add(Compare(t.Label ?? $"input {index}", t, analytic, Loss, epsilon));
        }
        return new GradientCheckResult(entries, tolerance);
    }

    /// <summary>
    /// Checks a node class: <paramref name="createNode"/> makes a fresh node for each evaluation (a node stands for
    /// one call). Non-differentiable inputs (labels, masks) can be listed in <paramref name="skipInputs"/>.
    /// </summary>
    public static GradientCheckResult CheckNode(Func<Node> createNode, Tensor[] inputs, int[]? skipInputs = null,
        double epsilon = DefaultEpsilon, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(createNode);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++) inputs[i].RequiresGrad = skipInputs is null || !skipInputs.Contains(i);
        return Check(xs => createNode().Apply(xs), inputs, epsilon, tolerance);
    }

    /// <summary>
    /// Checks every parameter of a model against a scalar loss computed by <paramref name="loss"/> (which runs the
    /// model forward). Dropout and other randomness must give the same result on every call (seed it).
    /// </summary>
    public static GradientCheckResult CheckModel(Module model, Func<Tensor> loss, double epsilon = DefaultEpsilon,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        if (!model.Parameters().Any())
            throw new ArgumentException($"GradientCheck.CheckModel: {model.Describe()} has no parameters, so there is nothing to check (an empty check would pass vacuously); check a model with at least one layer that has weights, or use GradientCheck.Check on its inputs.", nameof(model));
        model.ZeroGrad();
        loss().Backward();
        double Loss()
        {
            using var _ = GradMode.Disable();
            return loss().Item();
        }
        var entries = model.NamedParameters()
            .Select(p => Compare(p.Name, p.Value, p.Value.Grad ?? Tensor.Zeros(p.Value.Shape), Loss, epsilon))
            .ToList();
        return new GradientCheckResult(entries, tolerance);
    }

    private static GradientCheckEntry Compare(string name, Tensor x, Tensor analytic, Func<double> loss, double epsilon)
    {
        double worst = 0, worstA = 0, worstN = 0;
        int worstIndex = 0;
        double scale = 0;
        for (int i = 0; i < analytic.Size; i++) if (float.IsFinite(analytic.Data[i])) scale = Math.Max(scale, Math.Abs(analytic.Data[i]));
        double floor = Math.Max(1e-3, 1e-2 * scale);
        for (int i = 0; i < x.Size; i++)
        {
            float original = x.Data[i];
            x.Data[i] = (float)(original + epsilon);
            double plus = loss();
            x.Data[i] = (float)(original - epsilon);
            double minus = loss();
            x.Data[i] = original;
            double step = (double)(float)(original + epsilon) - (float)(original - epsilon);
            double numeric = (plus - minus) / step;
            double a = analytic.Data[i];
            // NaN or ∞ on either side is a failure, never a pass: NaN compares false with every tolerance.
            double error = double.IsFinite(a) && double.IsFinite(numeric)
                ? Math.Abs(a - numeric) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numeric)), floor)
                : double.PositiveInfinity;
            if (error > worst || i == 0) { worst = error; worstIndex = i; worstA = a; worstN = numeric; }
        }
        return new GradientCheckEntry(name, worst, worstIndex, worstA, worstN);
    }
}
