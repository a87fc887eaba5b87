using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The engine's worker threads, which <see cref="Gemm"/> splits large products across (and Conv2d its batch chunks): <c>Threads − 1</c> dedicated background
/// threads plus the calling thread. Waking a pooled task (Parallel.For) cost ~20 µs here, as much as a whole
/// 128×128 product, so the helpers spin briefly after each product (the next one usually follows within
/// microseconds in a training step) and then sleep. Parts are claimed one at a time by whichever thread is free,
/// the caller included, so a helper that the OS has descheduled never holds the caller up. Which thread runs a part
/// does not change any result: each part is a fixed range of C, and every element's arithmetic is the same.
/// </summary>
internal static class WorkerThreads
{
    /// <summary>How long an idle helper spins before it sleeps.</summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private static readonly Lock s_gate = new();
    private static Helper[]? s_helpers;
    private static Work? s_current;

    /// <summary>Runs <paramref name="body"/>(part, state) for part = 0 .. parts − 1, in parallel where helpers are free.</summary>
    public static void Run<TState>(int parts, TState state, Action<int, TState> body)
    {
        if (parts <= 1 || !s_gate.TryEnter())
        {
            // One part, or another thread is already using the helpers: run every part here (same results).
            for (int part = 0; part < parts; part++) body(part, state);
            return;
        }
        try
        {
            var helpers = s_helpers ??= StartHelpers(Gemm.Threads - 1);
            var work = new Work<TState>(parts, state, body);
            Volatile.Write(ref s_current, work);
            foreach (var helper in helpers) helper.Wake();
            work.RunParts();
            var spin = new SpinWait();
            while (Volatile.Read(ref work.Remaining) > 0) spin.SpinOnce(sleep1Threshold: -1);
            Volatile.Write(ref s_current, null);
            if (work.Failure is not null) ExceptionDispatchInfo.Throw(work.Failure);
        }
        finally
        {
            s_gate.Exit();
        }
    }

    private static Helper[] StartHelpers(int count)
    {
        var helpers = new Helper[count];
        for (int i = 0; i < count; i++) helpers[i] = new Helper(i + 1);
        return helpers;
    }

    /// <summary>One parallel product: parts are handed out by an atomic counter.</summary>
    private abstract class Work(int parts)
    {
        private readonly int _parts = parts;
        private int _nextPart;
        public int Remaining = parts;
        public Exception? Failure;

        public void RunParts()
        {
            int part;
            while ((part = Interlocked.Increment(ref _nextPart) - 1) < _parts)
            {
                try
                {
                    RunPart(part);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.CompareExchange(ref Failure, e, null);
                }
                Interlocked.Decrement(ref Remaining);
            }
        }

        protected abstract void RunPart(int part);
    }

    private sealed class Work<TState>(int parts, TState state, Action<int, TState> body) : Work(parts)
    {
        protected override void RunPart(int part) => body(part, state);
    }

    private sealed class Helper
    {
        private readonly SemaphoreSlim _wakeUp = new(0);
        private int _sleeping;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"DLC worker {index}" };
            thread.Start();
        }

        /// <summary>Called after publishing new work: releases the helper if it is asleep.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _wakeUp.Release();
        }

        private void Loop()
        {
            Work? last = null;
            while (true)
            {
                Work work = WaitForWork(last);
                work.RunParts();
                last = work;
            }
        }

        private Work WaitForWork(Work? last)
        {
            while (true)
            {
                long spinUntil = Stopwatch.GetTimestamp() + s_spinTicks;
                do
                {
                    Work? work = Volatile.Read(ref s_current);
                    if (work is not null && work != last) return work;
                    Thread.SpinWait(20);
                }
                while (Stopwatch.GetTimestamp() < spinUntil);

                Interlocked.Exchange(ref _sleeping, 1); // a full fence: the read below cannot move above it
                Work? published = Volatile.Read(ref s_current);
                if (published is not null && published != last)
                {
                    // Work arrived while going to sleep. If Wake() already took the flag, it releases the semaphore once: consume it.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0) _wakeUp.Wait();
                    return published;
                }
                _wakeUp.Wait();
            }
        }
    }
}
