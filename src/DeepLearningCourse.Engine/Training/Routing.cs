namespace DeepLearningCourse.Engine;

/// <summary>
/// How a gate's choices line up with known groups (regions, contexts, tasks). Experts have no names, so an expert
/// "owns" a group when it gets most of that group's examples; routing accuracy is the share of examples sent to the
/// owner of their group. A gate that sends every group to one expert scores as well as a correct one on this
/// number alone, so also check <see cref="DistinctOwners"/>.
/// </summary>
/// <param name="Counts">Counts[group, expert]: examples of each group sent to each expert.</param>
/// <param name="Owners">Owners[group]: the expert that got most of the group's examples.</param>
/// <param name="Accuracy">Share of examples routed to their group's owner.</param>
public sealed record Routing(int[,] Counts, int[] Owners, double Accuracy)
{
    /// <summary>Number of different experts among the owners: equal to the number of groups when each group has its own expert.</summary>
    public int DistinctOwners => Owners.Distinct().Count();

    /// <summary>
    /// Summarises <paramref name="routes"/> (the expert chosen for each example, e.g. from
    /// <see cref="MixtureOfExperts.ForwardTopOne"/>) against <paramref name="groups"/> [N] (group indices as floats).
    /// </summary>
    public static Routing Summarize(int[] routes, Tensor groups, int experts)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Size != routes.Length)
            throw new ShapeException($"Routing.Summarize: {routes.Length} routes but groups have shape {Tensor.ShapeText(groups.Shape)}; give one group index per example.");
        if (routes.Length == 0) throw new ArgumentException("Routing.Summarize: no examples; pass at least one route.");
        if (experts <= 0 || routes.Any(r => r < 0 || r >= experts))
            throw new ArgumentException($"Routing.Summarize: routes must be expert indices 0..{experts - 1}.");
        int groupCount = (int)groups.Data.Max() + 1;
        var counts = new int[groupCount, experts];
        for (int n = 0; n < routes.Length; n++) counts[(int)groups.Data[n], routes[n]]++;
        var owners = new int[groupCount];
        int routedToOwner = 0;
        for (int g = 0; g < groupCount; g++)
        {
            for (int e = 1; e < experts; e++)
            {
                if (counts[g, e] > counts[g, owners[g]]) owners[g] = e;
            }
            routedToOwner += counts[g, owners[g]];
        }
        return new Routing(counts, owners, (double)routedToOwner / routes.Length);
    }
}
