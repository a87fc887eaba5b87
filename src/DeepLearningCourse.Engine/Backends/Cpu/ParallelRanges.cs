namespace DeepLearningCourse.Engine;

/// <summary>
/// Splits an element-wise pass over [0, length) into contiguous ranges that run on the engine's worker threads
/// (<see cref="WorkerThreads"/>): one range per core for long passes, the whole pass on the caller for short ones.
/// Range boundaries are multiples of 16 elements, so a vectorized body meets the same whole vectors and the same
/// remainder however the pass is split: results do not depend on the number of threads.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Passes shorter than this per core run on the calling thread (waking a helper costs a few µs).</summary>
    internal const int MinimumPerPart = 32 * 1024;

    /// <summary>
    /// True when a pass over <paramref name="length"/> elements is long enough to split; callers with a cheap direct
    /// call for short passes (a tiny model's parameters) check this first and skip pinning and the delegate.
    /// </summary>
    public static bool WorthSplitting(int length) => Parts(length) > 1;

    /// <summary>Runs <paramref name="body"/>(start, end, state) over ranges that together cover [0, length) once.</summary>
    public static void Run<TState>(int length, TState state, Action<int, int, TState> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int parts = Parts(length);
        if (parts <= 1)
        {
            body(0, length, state);
            return;
        }
        WorkerThreads.Run(parts, (Length: length, Parts: parts, State: state, Body: body), static (part, s) =>
        {
            var (start, end) = Range(s.Length, part, s.Parts);
            s.Body(start, end, s.State);
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end, state) over contiguous ranges of [0, <paramref name="count"/>) items
    /// (rows, batch items) that together cover it once: one range per core when the items hold at least
    /// <see cref="MinimumPerPart"/> units of <paramref name="workPerItem"/> per core, else all on the calling thread.
    /// The body must compute each item the same way whatever range it is in.
    /// </summary>
    public static void RunItems<TState>(int count, long workPerItem, TState state, Action<int, int, TState> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int parts = (int)Math.Clamp(count * workPerItem / MinimumPerPart, 1, Math.Max(1, Math.Min(Gemm.Threads, count)));
        if (parts <= 1)
        {
            body(0, count, state);
            return;
        }
        WorkerThreads.Run(parts, (Count: count, Parts: parts, State: state, Body: body), static (part, s) =>
            s.Body((int)((long)s.Count * part / s.Parts), (int)((long)s.Count * (part + 1) / s.Parts), s.State));
    }

    private static int Parts(int length) => Math.Min(Gemm.Threads, length / MinimumPerPart);

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/>: [start, end), start a multiple of 16.</summary>
    internal static (int Start, int End) Range(int length, int part, int parts)
    {
        int blocks = (length + 15) / 16;
        int start = (int)((long)blocks * part / parts) * 16, end = (int)((long)blocks * (part + 1) / parts) * 16;
        return (Math.Min(start, length), Math.Min(end, length));
    }
}
