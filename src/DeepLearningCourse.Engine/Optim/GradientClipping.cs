using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Gradient clipping, applied between <c>loss.Backward()</c> and <c>optimizer.Step()</c> to tame exploding
/// gradients (RNNs, too-large learning rates). Parameters without a gradient are ignored.
/// </summary>
public static class GradientClipping
{
    /// <summary>The global L2 norm ‖g‖ = √(Σ over all parameters and values of g²), computed in double; 0 when no parameter has a gradient.</summary>
    public static double GlobalNorm(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumOfSquares = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            double norm = TensorPrimitives.Norm(p.Grad.Data);
            sumOfSquares += norm * norm;
        }
        return Math.Sqrt(sumOfSquares);
    }

    /// <summary>
    /// If the global norm ‖g‖ exceeds <paramref name="maxNorm"/>, scales every gradient by maxNorm / ‖g‖ so the
    /// global norm becomes maxNorm (the direction is kept). Returns the norm before clipping (plot it to see spikes).
    /// </summary>
    public static double ByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0) || double.IsInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "GradientClipping.ByGlobalNorm: maxNorm must be a finite number > 0.");
        var list = parameters as IReadOnlyCollection<Tensor> ?? parameters.ToList();
        double norm = GlobalNorm(list);
        if (norm > maxNorm)
        {
            float scale = (float)(maxNorm / norm);
            foreach (var p in list)
            {
                if (p.Grad is not null) TensorPrimitives.Multiply(p.Grad.Data, scale, p.Grad.Data);
            }
        }
        return norm;
    }

    /// <summary>
    /// Clamps every gradient value into [−limit, limit] (changes the direction, unlike <see cref="ByGlobalNorm"/>).
    /// Returns how many values were clipped.
    /// </summary>
    public static int ByValue(IEnumerable<Tensor> parameters, float limit)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(limit > 0) || float.IsInfinity(limit))
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "GradientClipping.ByValue: limit must be a finite number > 0.");
        int clipped = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            float[] g = p.Grad.Data;
            for (int i = 0; i < g.Length; i++)
            {
                if (g[i] > limit) { g[i] = limit; clipped++; }
                else if (g[i] < -limit) { g[i] = -limit; clipped++; }
            }
        }
        return clipped;
    }
}
