using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>Opt-in checks that stop at the first node producing NaN or Infinity and say why.</summary>
public static class Diagnostics
{
    /// <summary>
    /// When true, every recorded forward output and every backward gradient is checked for NaN/Inf, and the first
    /// offending node throws a <see cref="NumericsException"/> naming it with its inputs' statistics.
    /// Also switched on by the environment variable DLC_CHECK_NUMERICS=1.
    /// </summary>
    public static bool CheckNumerics { get; set; } = Environment.GetEnvironmentVariable("DLC_CHECK_NUMERICS") == "1";

    /// <summary>Runs <paramref name="action"/> with <see cref="CheckNumerics"/> on, restoring the previous setting.</summary>
    public static void WithNumericsCheck(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        bool previous = CheckNumerics;
        CheckNumerics = true;
        try { action(); }
        finally { CheckNumerics = previous; }
    }

    /// <summary>"min -1.2, max 3.4, mean 0.56, NaN 0, Inf 0" for a tensor.</summary>
    public static string Statistics(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        int nan = 0, inf = 0, finite = 0;
        double sum = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in t.Data)
        {
            if (float.IsNaN(v)) { nan++; continue; }
            if (float.IsInfinity(v)) { inf++; continue; }
            finite++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var c = CultureInfo.InvariantCulture;
        string range = finite == 0 ? "no finite values" : string.Format(c, "min {0:G4}, max {1:G4}, mean {2:G4}", min, max, sum / finite);
        return string.Format(c, "{0} {1}: {2}, NaN {3}, Inf {4}", t.Label ?? "tensor", Tensor.ShapeText(t.Shape), range, nan, inf);
    }

    internal static void ThrowIfNotFinite(Node node, IReadOnlyList<Tensor> inputs, Tensor result, string phase)
    {
        if (AllFinite(result.Data)) return;
        var lines = new List<string> { $"{node.OpName} produced NaN or Infinity in {phase}: {Statistics(result)}." };
        int carried = -1;
        for (int i = 0; i < inputs.Count; i++)
        {
            lines.Add($"  input {i}: {Statistics(inputs[i])}");
            if (carried < 0 && !AllFinite(inputs[i].Data)) carried = i;
        }
        lines.Add(carried < 0
            ? $"{node.OpName} turned finite inputs into NaN or Infinity. Look for: log or division of values at or near 0, exp of large values, or values grown out of range (a learning rate that is too large)."
            : CarriedIn(node, inputs[carried], carried, phase));
        throw new NumericsException(string.Join(Environment.NewLine, lines));
    }

    /// <summary>Where a non-finite value that reached <paramref name="node"/> through one of its inputs came from.</summary>
    private static string CarriedIn(Node node, Tensor input, int index, string phase)
    {
        if (phase != "forward")
            return $"The gradient that reached {node.OpName} already held NaN or Infinity: it was computed while the checks were off, or passed to Backward.";
        if (input.Creator is not null)
            return $"Input {index} already held NaN or Infinity when {node.OpName} ran. It was made by {input.Creator.OpName} while the checks were off; turn them on before that node runs to find where it started.";
        return input.RequiresGrad
            ? $"Input {index} is a parameter that already held NaN or Infinity: an earlier optimizer step diverged (a learning rate that is too large?) or it was set from bad values."
            : $"Input {index} already held NaN or Infinity before {node.OpName} ran, and no node made it: it is data. Check the dataset or the code that built the tensor.";
    }

    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) return false;
        }
        return true;
    }
}
