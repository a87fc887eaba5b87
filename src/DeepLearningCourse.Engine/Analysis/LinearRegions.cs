namespace DeepLearningCourse.Engine;

/// <summary>
/// A map of regions over a rectangle of the plane: <see cref="Ids"/>[row, column] is the region (0 … Count−1) that the
/// sample point at row <c>row</c> (y, from <see cref="YMin"/> upwards) and column <c>column</c> (x, from <see cref="XMin"/>)
/// falls in. Regions are numbered in the order they are first met.
/// </summary>
public sealed record RegionMap(int[,] Ids, int Count, double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>Number of sample points per axis.</summary>
    public int Resolution => Ids.GetLength(0);

    /// <summary>x of column <paramref name="column"/> (the centre of its grid cell).</summary>
    public double X(int column) => LinearRegions.CellCentre(XMin, XMax, Resolution, column);

    /// <summary>y of row <paramref name="row"/> (the centre of its grid cell).</summary>
    public double Y(int row) => LinearRegions.CellCentre(YMin, YMax, Resolution, row);
}

/// <summary>
/// Counting the pieces a piecewise-linear function cuts the plane into.
/// <list type="bullet">
/// <item>Lines: m lines a·x + b·y + c = 0 in general position (no two parallel, no three through one point) cut the plane into
/// C(m, 2) + m + 1 regions (Zaslavsky 1975). <see cref="CountLineRegions"/> checks it by sampling a grid and counting distinct
/// sign patterns (one sign per line): two points are in the same region exactly when every line sees them on the same side.</item>
/// <item>ReLU networks: a network built from Linear and ReLU layers is linear on each set of inputs that share an
/// <em>activation pattern</em> (which ReLUs are on). For a fixed pattern every pre-activation is an affine function of the
/// input, so that set is a convex polygon: the number of distinct patterns is the number of linear regions.
/// <see cref="ActivationRegions"/> counts them on a grid.</item>
/// </list>
/// A grid only sees regions larger than its spacing, so grid counts are lower estimates; use a fine grid.
/// </summary>
public static class LinearRegions
{
    /// <summary>Zaslavsky's count for m lines in general position in the plane: C(m, 2) + m + 1.</summary>
    public static long ZaslavskyCount(int lines)
    {
        if (lines < 0) throw new ArgumentOutOfRangeException(nameof(lines), $"LinearRegions.ZaslavskyCount: {lines} lines; it needs 0 or more.");
        return Binomial(lines, 2) + lines + 1;
    }

    /// <summary>
    /// Regions of m hyperplanes in general position in d dimensions: Σ_{j=0..d} C(m, j). This is also the most linear regions a
    /// one-hidden-layer ReLU network with m units on d inputs can have (each unit adds one hyperplane).
    /// </summary>
    public static long GeneralPositionCount(int hyperplanes, int dimension)
    {
        if (hyperplanes < 0 || dimension < 0)
            throw new ArgumentOutOfRangeException(nameof(hyperplanes), $"LinearRegions.GeneralPositionCount: m = {hyperplanes}, d = {dimension}; both must be 0 or more.");
        long sum = 0;
        for (int j = 0; j <= dimension; j++) sum += Binomial(hyperplanes, j);
        return sum;
    }

    /// <summary>
    /// The lower bound of Montúfar, Pascanu, Cho and Bengio (2014) on the maximal number of linear regions of a ReLU network with
    /// n0 inputs and L hidden layers of width n ≥ n0: (⌊n / n0⌋^n0)^(L−1) · Σ_{j=0..n0} C(n, j). Returned as a double (it grows
    /// exponentially in L).
    /// </summary>
    public static double MontufarLowerBound(int inputs, int width, int depth)
    {
        if (inputs <= 0 || width < inputs || depth <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"LinearRegions.MontufarLowerBound: n0 = {inputs}, n = {width}, L = {depth}; it needs n0 ≥ 1, n ≥ n0 and L ≥ 1.");
        double perLayer = Math.Pow(width / inputs, inputs);
        return Math.Pow(perLayer, depth - 1) * GeneralPositionCount(width, inputs);
    }

    /// <summary>Binomial coefficient C(n, k) (0 when k &lt; 0 or k &gt; n).</summary>
    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        long result = 1;
        for (int i = 1; i <= k; i++) result = checked(result * (n - k + i) / i);
        return result;
    }

    /// <summary>
    /// m random lines a·x + b·y + c = 0, rows [a, b, c] of an [m, 3] array, with unit normals (a, b) at well-spread angles
    /// (π·i/m plus a jitter of up to a quarter of that spacing) and offsets c uniform in [−<paramref name="offset"/>, offset]:
    /// in general position with probability 1, and no two lines so close to parallel that they meet far away.
    /// </summary>
    public static float[,] RandomLines(int count, Random random, float offset = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"LinearRegions.RandomLines: {count} lines; it needs 0 or more.");
        var order = Datasets.Permutation(count, random);
        var lines = new float[count, 3];
        for (int i = 0; i < count; i++)
        {
            double angle = Math.PI * (order[i] + 0.25 * (random.NextDouble() - 0.5)) / count;
            lines[i, 0] = (float)Math.Cos(angle);
            lines[i, 1] = (float)Math.Sin(angle);
            lines[i, 2] = (float)(offset * (2 * random.NextDouble() - 1));
        }
        return lines;
    }

    /// <summary>The points where pairs of the lines [m, 3] cross (parallel pairs are skipped).</summary>
    public static IReadOnlyList<(double X, double Y)> Intersections(float[,] lines)
    {
        CheckLines(lines, "Intersections");
        var points = new List<(double X, double Y)>();
        int m = lines.GetLength(0);
        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                double det = (double)lines[i, 0] * lines[j, 1] - (double)lines[i, 1] * lines[j, 0];
                if (Math.Abs(det) < 1e-12) continue;
                double x = (-(double)lines[i, 2] * lines[j, 1] + (double)lines[j, 2] * lines[i, 1]) / det;
                double y = (-(double)lines[i, 0] * lines[j, 2] + (double)lines[j, 0] * lines[i, 2]) / det;
                points.Add((x, y));
            }
        }
        return points;
    }

    /// <summary>
    /// Half-width of the smallest square centred on the origin that holds every intersection of the lines, times
    /// <paramref name="margin"/> (at least 1): a square that holds all crossings meets every region of the arrangement.
    /// </summary>
    public static double BoxHoldingIntersections(float[,] lines, double margin = 1.25)
    {
        double extent = 1;
        foreach (var (x, y) in Intersections(lines)) extent = Math.Max(extent, Math.Max(Math.Abs(x), Math.Abs(y)));
        return extent * margin;
    }

    /// <summary>
    /// Regions of the line arrangement [m, 3] seen on a <paramref name="resolution"/> × <paramref name="resolution"/> grid of
    /// cell centres over [−halfWidth, halfWidth]²: points with the same sign pattern (which side of each line) share a region.
    /// </summary>
    public static RegionMap LineRegions(float[,] lines, double halfWidth, int resolution)
    {
        CheckLines(lines, "LineRegions");
        CheckGrid(halfWidth, resolution, "LineRegions");
        int m = lines.GetLength(0);
        var keys = new PatternKeys();
        var ids = new int[resolution, resolution];
        var signs = new bool[m];
        for (int row = 0; row < resolution; row++)
        {
            double y = CellCentre(-halfWidth, halfWidth, resolution, row);
            for (int column = 0; column < resolution; column++)
            {
                double x = CellCentre(-halfWidth, halfWidth, resolution, column);
                for (int i = 0; i < m; i++) signs[i] = lines[i, 0] * x + lines[i, 1] * y + lines[i, 2] > 0;
                ids[row, column] = keys.IdOf(signs);
            }
        }
        return new RegionMap(ids, keys.Count, -halfWidth, halfWidth, -halfWidth, halfWidth);
    }

    /// <summary>Number of regions of the line arrangement [m, 3] seen on a grid (see <see cref="LineRegions"/>).</summary>
    public static int CountLineRegions(float[,] lines, double halfWidth, int resolution) => LineRegions(lines, halfWidth, resolution).Count;

    /// <summary>
    /// The linear regions of a network with two inputs over [xMin, xMax] × [yMin, yMax], sampled at the centres of a
    /// <paramref name="resolution"/>² grid: each point gets the activation pattern of every <see cref="ReLU"/> or
    /// <see cref="LeakyReLU"/> layer of <paramref name="model"/> (unit on when its input is &gt; 0), and points with the same
    /// pattern share a region. The grid is evaluated in batches without recording a graph.
    /// </summary>
    public static RegionMap ActivationRegions(Sequential model, int resolution = 300, double xMin = -1, double xMax = 1, double yMin = -1, double yMax = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (resolution <= 0) throw new ArgumentOutOfRangeException(nameof(resolution), $"LinearRegions.ActivationRegions: resolution {resolution}; it must be positive.");
        if (!(xMax > xMin) || !(yMax > yMin))
            throw new ArgumentException($"LinearRegions.ActivationRegions: the box [{xMin}, {xMax}] × [{yMin}, {yMax}] is empty.");
        var keys = new PatternKeys();
        var ids = new int[resolution, resolution];
        int total = resolution * resolution;
        const int batch = 16384;
        var pattern = new List<bool>();
        using (GradMode.Disable())
        {
            for (int start = 0; start < total; start += batch)
            {
                int n = Math.Min(batch, total - start);
                var input = new float[n * 2];
                for (int k = 0; k < n; k++)
                {
                    int row = (start + k) / resolution, column = (start + k) % resolution;
                    input[2 * k] = (float)CellCentre(xMin, xMax, resolution, column);
                    input[2 * k + 1] = (float)CellCentre(yMin, yMax, resolution, row);
                }
                var preActivations = new List<Tensor>();
                var h = new Tensor(input, n, 2);
                foreach (var layer in model.Layers)
                {
                    if (layer is ReLU or LeakyReLU) preActivations.Add(h);
                    h = layer.Forward(h);
                }
                if (preActivations.Count == 0)
                    throw new ArgumentException("LinearRegions.ActivationRegions: the model has no ReLU or LeakyReLU layer, so it is one linear piece.");
                for (int k = 0; k < n; k++)
                {
                    pattern.Clear();
                    foreach (var pre in preActivations)
                    {
                        int width = pre.Shape[^1];
                        var data = pre.Data;
                        for (int u = 0; u < width; u++) pattern.Add(data[k * width + u] > 0);
                    }
                    ids[(start + k) / resolution, (start + k) % resolution] = keys.IdOf(pattern);
                }
            }
        }
        return new RegionMap(ids, keys.Count, xMin, xMax, yMin, yMax);
    }

    /// <summary>
    /// A ReLU network 2 → widths[0] → … → widths[^1] → 1 (Linear, ReLU, …, Linear) with He-uniform weights and biases uniform in
    /// [−<paramref name="biasScale"/>, biasScale]. Random biases matter here: with zero biases every first-layer line passes
    /// through the origin.
    /// </summary>
    public static Sequential RandomReluNetwork(int[] widths, Random random, float biasScale = 1f, int inputs = 2)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(random);
        var model = new Sequential();
        int previous = inputs;
        foreach (int width in widths)
        {
            var linear = new Linear(previous, width, random);
            for (int u = 0; u < width; u++) linear.Bias!.Data[u] = (float)(biasScale * (2 * random.NextDouble() - 1));
            model.Add(linear).Add(new ReLU());
            previous = width;
        }
        return model.Add(new Linear(previous, 1, random));
    }

    /// <summary>
    /// The folding network of depth L on two inputs: every hidden layer has 4 ReLUs computing ReLU(u), ReLU(−u), ReLU(v), ReLU(−v)
    /// of the current (u, v), and the next layer reads u' = 2(|u|) − 1 = 2(ReLU(u) + ReLU(−u)) − 1 (and v' likewise). Each
    /// layer folds the square [−1, 1]² onto itself along both axes, so the network has 2^L × 2^L = 4^L linear regions
    /// on the square with only 12 + 20(L − 1) + 5 parameters. The output is u_L + v_L, the coordinates after the L-th fold,
    /// so the function itself (not only the activation pattern) has a separate linear piece on each of the 4^L cells.
    /// </summary>
    public static Sequential FoldingNetwork(int depth)
    {
        if (depth <= 0) throw new ArgumentOutOfRangeException(nameof(depth), $"LinearRegions.FoldingNetwork: depth {depth}; it needs 1 or more.");
        var random = new Random(0); // the weights are all overwritten below
        var model = new Sequential();
        // first layer: (x, y) → (x, −x, y, −y)
        model.Add(SetWeights(new Linear(2, 4, random), [[1, -1, 0, 0], [0, 0, 1, -1]], [0, 0, 0, 0])).Add(new ReLU());
        for (int l = 1; l < depth; l++)
        {
            // (a, b, c, d) = (ReLU(u), ReLU(−u), ReLU(v), ReLU(−v)) → u' = 2(a + b) − 1, v' = 2(c + d) − 1 → (u', −u', v', −v')
            model.Add(SetWeights(new Linear(4, 4, random),
                [[2, -2, 0, 0], [2, -2, 0, 0], [0, 0, 2, -2], [0, 0, 2, -2]], [-1, 1, -1, 1])).Add(new ReLU());
        }
        // output: the last fold itself, u' + v' = 2(a + b) − 1 + 2(c + d) − 1. (Reading out a − b = u instead would be linear
        // across the last layer's switches, so the function would have only 4^(L−1) pieces although there are 4^L patterns.)
        return model.Add(SetWeights(new Linear(4, 1, random), [[2], [2], [2], [2]], [-2]));
    }

    private static Linear SetWeights(Linear layer, float[][] weight, float[] bias)
    {
        for (int i = 0; i < layer.InFeatures; i++)
            for (int o = 0; o < layer.OutFeatures; o++) layer.Weight.Data[i * layer.OutFeatures + o] = weight[i][o];
        bias.CopyTo(layer.Bias!.Data, 0);
        return layer;
    }

    internal static double CellCentre(double min, double max, int resolution, int index) => min + (max - min) * (index + 0.5) / resolution;

    private static void CheckLines(float[,] lines, string op)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.GetLength(1) != 3)
            throw new ShapeException($"LinearRegions.{op}: lines is [{lines.GetLength(0)}, {lines.GetLength(1)}]; it needs one row [a, b, c] per line a·x + b·y + c = 0, i.e. [m, 3].");
    }

    private static void CheckGrid(double halfWidth, int resolution, string op)
    {
        if (!(halfWidth > 0) || resolution <= 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), $"LinearRegions.{op}: half-width {halfWidth} and resolution {resolution} must both be positive.");
    }

    /// <summary>Numbers bit patterns in the order they are first seen.</summary>
    private sealed class PatternKeys
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly System.Text.StringBuilder _builder = new();

        public int Count => _ids.Count;

        public int IdOf(IReadOnlyList<bool> bits)
        {
            _builder.Clear();
            for (int i = 0; i < bits.Count; i += 16)
            {
                int chunk = 0;
                for (int b = 0; b < 16 && i + b < bits.Count; b++) if (bits[i + b]) chunk |= 1 << b;
                _builder.Append((char)chunk);
            }
            string key = _builder.ToString();
            if (!_ids.TryGetValue(key, out int id))
            {
                id = _ids.Count;
                _ids[key] = id;
            }
            return id;
        }
    }
}
