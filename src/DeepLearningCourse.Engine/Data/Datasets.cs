namespace DeepLearningCourse.Engine;

/// <summary>
/// Small synthetic data sets for experiments, all generated from an explicit <see cref="Random"/> so every run is
/// reproducible. Classification sets return X [N, 2] and labels y [N] (class indices as floats, the format
/// <c>Loss.SoftmaxCrossEntropy</c> takes; for a single sigmoid output use <c>y.Reshape(-1, 1)</c> with
/// <c>Loss.SigmoidBinaryCrossEntropy</c>, which needs equal shapes). Regression sets return X [N, 1] and y [N, 1]
/// (the shape a <c>Linear(…, 1)</c> layer outputs, as <c>Loss.MeanSquaredError</c> needs).
/// </summary>
public static class Datasets
{
    /// <summary>The four XOR points: X = [[0,0],[0,1],[1,0],[1,1]], y = [0, 1, 1, 0]. Not linearly separable.</summary>
    public static Dataset Xor() => new(
        Tensor.FromArray([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2),
        Tensor.FromArray([0f, 1f, 1f, 0f]));

    /// <summary>
    /// Noisy XOR as in TensorFlow Playground: points uniform in [−1, 1]², label 1 when x₁·x₂ &lt; 0 (the signs differ),
    /// then Gaussian noise of standard deviation <paramref name="noise"/> added to the inputs.
    /// </summary>
    public static Dataset Xor(int count, float noise, Random random)
    {
        Check(count, noise, random, "Xor");
        var x = new float[count * 2];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            float a = (float)(2 * random.NextDouble() - 1), b = (float)(2 * random.NextDouble() - 1);
            y[i] = a * b < 0 ? 1 : 0;
            x[2 * i] = a + Noise(random, noise);
            x[2 * i + 1] = b + Noise(random, noise);
        }
        return new Dataset(new Tensor(x, count, 2), new Tensor(y, count));
    }

    /// <summary>
    /// Interleaved spirals (the CS231n toy set): for class k and i = 0..n−1, radius r = i/(n−1) and angle
    /// θ = 4k + 4r + noise·N(0,1) (radians), point r·(sin θ, cos θ). Rows are ordered by class.
    /// </summary>
    public static Dataset Spirals(int countPerClass, int classCount, float noise, Random random)
    {
        Check(countPerClass, noise, random, "Spirals");
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Datasets.Spirals: needs at least 2 classes.");
        int n = countPerClass * classCount;
        var x = new float[n * 2];
        var y = new float[n];
        for (int k = 0; k < classCount; k++)
        {
            for (int i = 0; i < countPerClass; i++)
            {
                int row = k * countPerClass + i;
                double r = countPerClass == 1 ? 0 : (double)i / (countPerClass - 1);
                double theta = 4.0 * k + 4.0 * r + noise * Tensor.SampleStandardNormal(random);
                x[2 * row] = (float)(r * Math.Sin(theta));
                x[2 * row + 1] = (float)(r * Math.Cos(theta));
                y[row] = k;
            }
        }
        return new Dataset(new Tensor(x, n, 2), new Tensor(y, n));
    }

    /// <summary>
    /// Two interleaving half circles (like scikit-learn's make_moons): class 0 on (cos t, sin t), class 1 on
    /// (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π], plus Gaussian noise; rows shuffled.
    /// </summary>
    public static Dataset Moons(int count, float noise, Random random)
    {
        Check(count, noise, random, "Moons");
        int outer = count / 2 + count % 2, inner = count / 2;
        var points = new List<(float X0, float X1, float Label)>(count);
        for (int i = 0; i < outer; i++)
        {
            double t = outer == 1 ? 0 : Math.PI * i / (outer - 1);
            points.Add(((float)Math.Cos(t), (float)Math.Sin(t), 0));
        }
        for (int i = 0; i < inner; i++)
        {
            double t = inner == 1 ? 0 : Math.PI * i / (inner - 1);
            points.Add(((float)(1 - Math.Cos(t)), (float)(0.5 - Math.Sin(t)), 1));
        }
        return Build(points, noise, random);
    }

    /// <summary>
    /// Two concentric circles (like scikit-learn's make_circles): class 0 on the unit circle, class 1 on a circle of
    /// radius <paramref name="factor"/>, plus Gaussian noise; rows shuffled.
    /// </summary>
    public static Dataset Circles(int count, float noise, Random random, float factor = 0.5f)
    {
        Check(count, noise, random, "Circles");
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Datasets.Circles: factor (inner radius) must be in (0, 1).");
        int outer = count / 2 + count % 2, inner = count / 2;
        var points = new List<(float X0, float X1, float Label)>(count);
        for (int i = 0; i < outer; i++)
        {
            double t = 2 * Math.PI * i / outer;
            points.Add(((float)Math.Cos(t), (float)Math.Sin(t), 0));
        }
        for (int i = 0; i < inner; i++)
        {
            double t = 2 * Math.PI * i / inner;
            points.Add(((float)(factor * Math.Cos(t)), (float)(factor * Math.Sin(t)), 1));
        }
        return Build(points, noise, random);
    }

    /// <summary>
    /// 1-D regression: x uniform in [xMin, xMax] (sorted, so plots draw as lines), y = f(x) + noise·N(0, 1).
    /// The default f is sin on [−π, π]. Returns X [N, 1] and y [N, 1].
    /// </summary>
    public static Dataset NoisyFunction(int count, float noise, Random random, Func<double, double>? function = null, double xMin = -Math.PI, double xMax = Math.PI)
    {
        Check(count, noise, random, "NoisyFunction");
        if (!(xMax > xMin)) throw new ArgumentException($"Datasets.NoisyFunction: xMax ({xMax}) must be greater than xMin ({xMin}).");
        function ??= Math.Sin;
        var xs = new double[count];
        for (int i = 0; i < count; i++) xs[i] = xMin + (xMax - xMin) * random.NextDouble();
        Array.Sort(xs);
        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)xs[i];
            y[i] = (float)(function(xs[i]) + noise * Tensor.SampleStandardNormal(random));
        }
        return new Dataset(new Tensor(x, count, 1), new Tensor(y, count, 1));
    }

    /// <summary>
    /// The same inputs with the labels randomly permuted (a Fisher–Yates shuffle): the label counts stay the same but
    /// any relation between x and y is destroyed. A network that still reaches 100% training accuracy has memorized
    /// (Zhang et al. 2017, "Understanding deep learning requires rethinking generalization").
    /// </summary>
    public static Dataset RandomLabels(Dataset data, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        float[] labels = data.Y.ToArray();
        int n = data.Count;
        int width = labels.Length / Math.Max(n, 1);
        int[] order = Permutation(n, random);
        var shuffled = new float[labels.Length];
        for (int i = 0; i < n; i++) Array.Copy(labels, order[i] * width, shuffled, i * width, width);
        return new Dataset(data.X.Clone(), new Tensor(shuffled, data.Y.Shape));
    }

    /// <summary>Pure noise: X [N, features] from N(0, 1) and labels uniform in 0..classCount−1 — nothing to learn but memorization.</summary>
    public static Dataset RandomLabels(int count, int features, int classCount, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 1 || features < 1 || classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(count), $"Datasets.RandomLabels: needs count ≥ 1, features ≥ 1 and classCount ≥ 2 (got {count}, {features}, {classCount}).");
        var x = Tensor.Normal(random, 0f, 1f, count, features);
        var y = new float[count];
        for (int i = 0; i < count; i++) y[i] = random.Next(classCount);
        return new Dataset(x, new Tensor(y, count));
    }

    /// <summary>A random permutation of 0..n−1 (Fisher–Yates).</summary>
    public static int[] Permutation(int n, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static Dataset Build(List<(float X0, float X1, float Label)> points, float noise, Random random)
    {
        int n = points.Count;
        int[] order = Permutation(n, random);
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            var p = points[order[i]];
            x[2 * i] = p.X0 + Noise(random, noise);
            x[2 * i + 1] = p.X1 + Noise(random, noise);
            y[i] = p.Label;
        }
        return new Dataset(new Tensor(x, n, 2), new Tensor(y, n));
    }

    private static float Noise(Random random, float std) => std == 0 ? 0 : (float)(std * Tensor.SampleStandardNormal(random));

    private static void Check(int count, float noise, Random random, string name)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, $"Datasets.{name}: count must be at least 1.");
        if (!(noise >= 0) || float.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, $"Datasets.{name}: noise must be a finite number ≥ 0.");
    }
}
