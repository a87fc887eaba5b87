namespace DeepLearningCourse.Engine;

/// <summary>
/// How the fused sequence nodes share a batch between cores. The rows of a batch never mix in the recurrence, so each
/// core runs every time step for its own contiguous slice of rows: one hand-off per sweep over the sequence, instead of
/// one per step. Which slice a row falls in changes none of its arithmetic, so results do not depend on the count.
/// </summary>
internal static class BatchSlices
{
    /// <summary>The number of slices: <paramref name="requested"/> when positive, else one per core; never more than the rows.</summary>
    public static int Count(int batch, int requested) => Math.Max(1, Math.Min(batch, requested > 0 ? requested : Gemm.Threads));

    /// <summary>Rows [First, End) of slice <paramref name="slice"/> of <paramref name="slices"/>.</summary>
    public static (int First, int End) Range(int batch, int slice, int slices) =>
        ((int)((long)batch * slice / slices), (int)((long)batch * (slice + 1) / slices));
}
