namespace DeepLearningCourse.Engine;

/// <summary>
/// Synthetic regression tasks for lecture 15 (multiplicative interactions): targets that are products of inputs, or
/// that follow a different rule in different regions of the input. Inputs are uniform, drawn from the given
/// <see cref="Random"/>, so the same seed gives the same data.
/// </summary>
public static class InteractionTasks
{
    /// <summary>Region boundaries of <see cref="Piecewise"/>: region 0 is x &lt; −1, region 1 is −1 ≤ x &lt; 1, region 2 is x ≥ 1.</summary>
    public static readonly float[] PiecewiseBoundaries = [-1f, 1f];

    /// <summary>Slope and intercept of the line <see cref="Piecewise"/> follows in each region.</summary>
    public static readonly (float Slope, float Intercept)[] PiecewiseLines = [(0.5f, 2f), (-1.5f, 0f), (1f, -2f)];

    /// <summary>
    /// y = x₁ · x₂ with (x₁, x₂) uniform in [−range, range]². X [count, 2], Y [count, 1].
    /// </summary>
    public static Dataset Product(int count, Random random, float range = 1f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0 || !(range > 0))
            throw new ArgumentException($"InteractionTasks.Product: need count > 0 and range > 0; got {count}, {range}.");
        var x = Tensor.Uniform(random, -range, range, count, 2);
        var y = new float[count];
        for (int n = 0; n < count; n++) y[n] = x.Data[2 * n] * x.Data[2 * n + 1];
        return new Dataset(x, new Tensor(y, count, 1));
    }

    /// <summary>
    /// A linear map of x chosen by a context z: y_o = Σ_ij x_i map_ijo z_j, i.e. y = x · A(z) with A(z) = Σ_j z_j map_·j·.
    /// x and z are uniform in [−1, 1]. <paramref name="map"/> is [xFeatures, zFeatures, outFeatures]; X [count,
    /// xFeatures + zFeatures] holds x then z, Y is [count, outFeatures].
    /// </summary>
    public static Dataset ContextualLinearMap(Tensor map, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(random);
        if (map.Rank != 3)
            throw new ShapeException($"InteractionTasks.ContextualLinearMap: map has shape {Tensor.ShapeText(map.Shape)} but must be [xFeatures, zFeatures, outFeatures].");
        if (count <= 0) throw new ArgumentException($"InteractionTasks.ContextualLinearMap: need count > 0; got {count}.");
        int xf = map.Shape[0], zf = map.Shape[1], outf = map.Shape[2];
        var inputs = Tensor.Uniform(random, -1f, 1f, count, xf + zf);
        var y = new float[count * outf];
        for (int n = 0; n < count; n++)
        {
            int row = n * (xf + zf);
            for (int i = 0; i < xf; i++)
            {
                for (int j = 0; j < zf; j++)
                {
                    float xz = inputs.Data[row + i] * inputs.Data[row + xf + j];
                    for (int o = 0; o < outf; o++) y[n * outf + o] += xz * map.Data[(i * zf + j) * outf + o];
                }
            }
        }
        return new Dataset(inputs, new Tensor(y, count, outf));
    }

    /// <summary>
    /// A discontinuous piecewise-linear function of x uniform in [−3, 3]: in region r (split at
    /// <see cref="PiecewiseBoundaries"/>) y = slope_r · x + intercept_r (<see cref="PiecewiseLines"/>).
    /// X [count, 1], Y [count, 1], Region [count] (0, 1 or 2 as floats).
    /// </summary>
    public static (Tensor X, Tensor Y, Tensor Region) Piecewise(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0) throw new ArgumentException($"InteractionTasks.Piecewise: need count > 0; got {count}.");
        var x = Tensor.Uniform(random, -3f, 3f, count, 1);
        var y = new float[count];
        var region = new float[count];
        for (int n = 0; n < count; n++)
        {
            int r = PiecewiseRegion(x.Data[n]);
            region[n] = r;
            y[n] = PiecewiseLines[r].Slope * x.Data[n] + PiecewiseLines[r].Intercept;
        }
        return (x, new Tensor(y, count, 1), new Tensor(region, count));
    }

    /// <summary>The region (0, 1 or 2) of <see cref="Piecewise"/> that x lies in.</summary>
    public static int PiecewiseRegion(float x) => x < PiecewiseBoundaries[0] ? 0 : x < PiecewiseBoundaries[1] ? 1 : 2;
}
