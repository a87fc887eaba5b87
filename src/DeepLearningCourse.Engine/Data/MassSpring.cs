namespace DeepLearningCourse.Engine;

/// <summary>
/// A toy physics task for graph networks: point masses in the plane joined by springs (stiffness k, rest length L).
/// The spring between masses i and j pulls (or pushes) mass i with
/// <code>F_ij = k (‖x_j − x_i‖ − L) (x_j − x_i) / ‖x_j − x_i‖</code>
/// and the total force on a mass is the sum over its springs. The graph is the set of springs: exactly the
/// structure message passing assumes (a message per edge, summed at each node). With unit masses the force is the
/// acceleration, which one step of a simulator needs.
/// </summary>
public static class MassSpring
{
    /// <summary>Springs shorter than this are redrawn, so no force direction is ill-defined.</summary>
    public const float MinSpringLength = 0.3f;

    /// <summary>
    /// Total spring force on each mass, [N, 2], for positions [N, 2]: every directed edge s → r adds the force of
    /// that spring on its receiver r (an undirected spring, stored both ways, acts on both ends).
    /// </summary>
    public static Tensor Forces(Tensor positions, GraphStructure springs, float stiffness = 1f, float restLength = 1f)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(springs);
        if (positions.Rank != 2 || positions.Shape[1] != 2 || positions.Shape[0] != springs.NodeCount)
            throw new ShapeException($"MassSpring.Forces: positions have shape {Tensor.ShapeText(positions.Shape)} but must be [N, 2] = [{springs.NodeCount}, 2] (x and y of each mass).");
        var force = new float[positions.Size];
        float[] p = positions.Data;
        for (int e = 0; e < springs.EdgeCount; e++)
        {
            int s = springs.Senders[e], r = springs.Receivers[e];
            float dx = p[2 * s] - p[2 * r], dy = p[2 * s + 1] - p[2 * r + 1];
            float length = MathF.Sqrt(dx * dx + dy * dy);
            if (length == 0)
                throw new ArgumentException($"MassSpring.Forces: masses {s} and {r} sit at the same point, so the spring between them has no direction; move one of them.", nameof(positions));
            float pull = stiffness * (length - restLength) / length;
            force[2 * r] += pull * dx;
            force[2 * r + 1] += pull * dy;
        }
        return new Tensor(force, positions.Shape);
    }

    /// <summary>
    /// A random system: <paramref name="minMasses"/>..<paramref name="maxMasses"/> masses uniform in [−1.5, 1.5]²,
    /// springs forming a random tree (so the system is connected) plus up to N − 1 extra random springs, every spring at
    /// least <see cref="MinSpringLength"/> long. Nodes = positions [N, 2], targets = forces [N, 2] (k = L = 1).
    /// </summary>
    public static GraphExample Sample(Random random, int minMasses = 4, int maxMasses = 7)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (minMasses < 2 || maxMasses < minMasses)
            throw new ArgumentException($"MassSpring.Sample: need 2 ≤ minMasses ≤ maxMasses, got {minMasses} and {maxMasses}.");
        int n = random.Next(minMasses, maxMasses + 1);
        while (true)
        {
            Tensor positions = Tensor.Uniform(random, -1.5f, 1.5f, n, 2);
            var springs = new HashSet<(int, int)>();
            for (int i = 1; i < n; i++) springs.Add((random.Next(i), i));
            int extra = random.Next(n);
            for (int k = 0; k < extra; k++)
            {
                int a = random.Next(n), b = random.Next(n);
                if (a != b) springs.Add((Math.Min(a, b), Math.Max(a, b)));
            }
            if (springs.Any(pair => Distance(positions, pair.Item1, pair.Item2) < MinSpringLength)) continue;
            var graph = GraphStructure.Undirected(n, [.. springs.Order()]);
            return new GraphExample(graph, positions, Forces(positions, graph));
        }
    }

    /// <summary><paramref name="count"/> random systems as one batch (see <see cref="Sample"/>).</summary>
    public static GraphExample Batch(int count, Random random, int minMasses = 4, int maxMasses = 7) =>
        GraphExample.Batch([.. Enumerable.Range(0, count).Select(_ => Sample(random, minMasses, maxMasses))]);

    private static float Distance(Tensor positions, int a, int b)
    {
        float dx = positions[a, 0] - positions[b, 0], dy = positions[a, 1] - positions[b, 1];
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}
