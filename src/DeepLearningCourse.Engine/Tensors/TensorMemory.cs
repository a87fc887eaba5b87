using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Where the engine gets the float arrays behind large tensors (outputs, gradients, saved activations): arrays of
/// tensors that have become garbage are kept and handed to the next tensor of the same size, so a training loop
/// works in the same memory step after step instead of asking the garbage collector for fresh megabytes each time.
/// </summary>
/// <remarks>
/// <para>Why: in .NET every array of 85 KB or more lives on the large-object heap. Allocating them step after step
/// triggers a full (gen-2) collection every few steps, and each collection hands the freed pages back to the
/// operating system, so the next step page-faults them in again. On a virtual machine a fault can cost several
/// microseconds, and a convolution step that computes in 2 ms then takes 15–20 ms.</para>
/// <para>Safety: an array returns to the pool only when the garbage collector has proved that nothing refers to it
/// any more, neither a tensor nor a <c>float[]</c> someone kept from <see cref="Tensor.Data"/>. Each pooled array
/// has a small <see cref="Lease"/> tied to it through a <see cref="ConditionalWeakTable{TKey,TValue}"/> (the lease
/// lives exactly as long as the array); when both become unreachable the lease's finalizer puts the array back.
/// So reuse can never overwrite values that are still in use. A reused array holds old values:
/// <see cref="Uninitialized(int)"/> is for callers that write every element, <see cref="Zeroed(int)"/> clears it.</para>
/// <para>The collector only learns that a large array is dead in a full collection. When the pool has nothing of
/// the size asked for after more than 32 MiB were handed out since the last one, the allocator asks for one: blocking
/// while that costs about a millisecond (a small program), in the background where it costs more (a notebook
/// kernel). The engine's own working buffers (<see cref="GiveBack"/>) come back without waiting for a collection.</para>
/// </remarks>
public static class TensorMemory
{
    /// <summary>Arrays shorter than this (64 KiB) are ordinary allocations: the young generation recycles them cheaply.</summary>
    public const int PooledMinimumLength = 16 * 1024;

    private static readonly ConcurrentDictionary<int, ConcurrentStack<Lease>> s_free = new();
    private static readonly ConditionalWeakTable<float[], Lease> s_leases = new();
    private static long s_freeBytes, s_leasedBytes, s_bytesSinceCollection, s_aliveAfterCollection;
    private static long s_reused, s_fresh, s_collectionsRequested;
    private static int s_lastGen2Count;
    private static double s_lastBlockingMilliseconds;

    /// <summary>A blocking collection slower than this sends later requests to the background collector.</summary>
    private const double BlockingBudgetMilliseconds = 4;

    /// <summary>
    /// At most this many bytes wait in the pool (default: a sixteenth of the memory available to the process, at
    /// most 512 MiB, or the environment variable DLC_TENSOR_POOL_MB); arrays that die beyond it are left to the
    /// garbage collector. Set 0 (or DLC_TENSOR_POOL_MB=0) to turn pooling off.
    /// </summary>
    public static long MaxPooledBytes { get; set; } = DefaultMaxPooledBytes();

    private static long DefaultMaxPooledBytes() =>
        long.TryParse(Environment.GetEnvironmentVariable("DLC_TENSOR_POOL_MB"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long megabytes)
            ? megabytes << 20
            : Math.Min(512L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16);

    /// <summary>Requests served from the pool since the process started.</summary>
    public static long ReusedCount => Interlocked.Read(ref s_reused);

    /// <summary>Requests that needed a fresh array since the process started.</summary>
    public static long FreshCount => Interlocked.Read(ref s_fresh);

    /// <summary>Full collections the allocator requested because dead arrays were waiting to be found.</summary>
    public static long CollectionsRequested => Interlocked.Read(ref s_collectionsRequested);

    /// <summary>Bytes waiting in the pool now.</summary>
    public static long FreeBytes => Interlocked.Read(ref s_freeBytes);

    /// <summary>
    /// An array of <paramref name="length"/> floats whose values are unspecified (possibly a dead tensor's):
    /// for callers that write every element.
    /// </summary>
    public static float[] Uninitialized(int length) => Rent(length, clear: false);

    /// <summary>An array of <paramref name="length"/> zeros, like <c>new float[length]</c>.</summary>
    public static float[] Zeroed(int length) => Rent(length, clear: true);

    /// <inheritdoc cref="Uninitialized(int)"/>
    public static float[] Uninitialized(long length) => Uninitialized(CheckedLength(length));

    /// <inheritdoc cref="Zeroed(int)"/>
    public static float[] Zeroed(long length) => Zeroed(CheckedLength(length));

    /// <summary>A copy of <paramref name="values"/> in an array from the pool.</summary>
    public static float[] CopyOf(ReadOnlySpan<float> values)
    {
        float[] copy = Uninitialized(values.Length);
        values.CopyTo(copy);
        return copy;
    }

    /// <summary>How many arrays of <paramref name="length"/> wait in the pool now.</summary>
    internal static int FreeCount(int length) => s_free.TryGetValue(length, out ConcurrentStack<Lease>? stack) ? stack.Count : 0;

    private static int CheckedLength(long length) => length <= Array.MaxLength
        ? (int)length
        : throw new ShapeException($"Tensor: {length} values do not fit in one .NET array (at most {Array.MaxLength}); use a smaller shape or batch.");

    private static float[] Rent(int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length < PooledMinimumLength || MaxPooledBytes <= 0) return Fresh(length, clear);

        long bytes = (long)length * sizeof(float);
        if (TryTake(length, bytes, out float[]? array) || (ShouldCollect() && RequestCollection() && TryTake(length, bytes, out array)))
        {
            if (clear) Array.Clear(array);
            return array;
        }
        array = Fresh(length, clear);
        var lease = new Lease(array);
        s_leases.AddOrUpdate(array, lease);
        Interlocked.Increment(ref s_fresh);
        Interlocked.Add(ref s_leasedBytes, bytes);
        Interlocked.Add(ref s_bytesSinceCollection, bytes);
        return array;
    }

    /// <summary>
    /// Asks for a full collection, which is what finds dead large arrays. A blocking one that also waits for the
    /// returns costs about a millisecond in a small process, and then the pool can serve this very request (true). In
    /// a big process (a notebook kernel holds the compiler) it costs tens of milliseconds; once one took more than
    /// <see cref="BlockingBudgetMilliseconds"/>, requests go to the background collector where the runtime has one
    /// (the default): the call returns at once and the arrays come back while the program goes on. Every 32nd request
    /// blocks again, to notice when collections have become cheap.
    /// </summary>
    private static bool RequestCollection()
    {
        long request = Interlocked.Increment(ref s_collectionsRequested);
        bool background = GCSettings.LatencyMode != GCLatencyMode.Batch
            && Volatile.Read(ref s_lastBlockingMilliseconds) > BlockingBudgetMilliseconds && request % 32 != 0;
        long start = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: !background, compacting: false);
        if (!background)
        {
            GC.WaitForPendingFinalizers();
            Volatile.Write(ref s_lastBlockingMilliseconds, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        NoteFullCollection();
        return !background;
    }

    private static float[] Fresh(int length, bool clear) =>
        length == 0 ? [] : clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);

    private static bool TryTake(int length, long bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out float[]? array)
    {
        array = null;
        if (!s_free.TryGetValue(length, out ConcurrentStack<Lease>? stack) || !stack.TryPop(out Lease? lease)) return false;
        Interlocked.Add(ref s_freeBytes, -bytes);
        Interlocked.Add(ref s_leasedBytes, bytes);
        Interlocked.Add(ref s_bytesSinceCollection, bytes);
        array = lease.Array;
        lease.MarkHandedOut();
        // The table ties the lease's life to the array's again, and the finalizer is armed for the next death.
        s_leases.AddOrUpdate(array, lease);
        GC.ReRegisterForFinalize(lease);
        Interlocked.Increment(ref s_reused);
        return true;
    }

    /// <summary>
    /// True when the pool is out of arrays of some size after more than 32 MiB of pooled arrays were handed out since
    /// the last full collection (and more than half of what was alive after it): by then many of them are likely dead.
    /// </summary>
    private static bool ShouldCollect()
    {
        if (GC.CollectionCount(2) != Volatile.Read(ref s_lastGen2Count))
        {
            NoteFullCollection();
            return false;
        }
        long handedOut = Interlocked.Read(ref s_bytesSinceCollection);
        return handedOut > Math.Max(32L << 20, Interlocked.Read(ref s_aliveAfterCollection) / 2);
    }

    /// <summary>Restarts the count of fresh bytes after a full collection (ours or the runtime's).</summary>
    private static void NoteFullCollection()
    {
        Volatile.Write(ref s_lastGen2Count, GC.CollectionCount(2));
        Interlocked.Exchange(ref s_bytesSinceCollection, 0);
        Interlocked.Exchange(ref s_aliveAfterCollection, Interlocked.Read(ref s_leasedBytes));
    }

    /// <summary>
    /// Hands back an array before the collector would find it dead, for the engine's own working buffers: the caller
    /// promises that nothing refers to it any more. Arrays below <see cref="PooledMinimumLength"/> or not from the
    /// pool are left to the collector. Giving the same array back twice is an error (two callers would then share it).
    /// </summary>
    internal static void GiveBack(float[]? array)
    {
        if (array is null || array.Length < PooledMinimumLength || !s_leases.TryGetValue(array, out Lease? lease)) return;
        if (!lease.TryMarkInPool())
            throw new InvalidOperationException($"TensorMemory.GiveBack: this array of {array.Length} floats is already back in the pool; give an array back once each time it is handed out.");
        GC.SuppressFinalize(lease); // re-armed when it is handed out again
        // Known to be free, so it does not count towards the next collection the pool asks for.
        Interlocked.Add(ref s_bytesSinceCollection, -(long)array.Length * sizeof(float));
        Release(lease);
    }

    /// <summary>The finalizer's way back: the array and its lease were unreachable.</summary>
    private static void Return(Lease lease)
    {
        if (lease.TryMarkInPool()) Release(lease);
    }

    private static void Release(Lease lease)
    {
        long bytes = (long)lease.Array.Length * sizeof(float);
        Interlocked.Add(ref s_leasedBytes, -bytes);
        if (Interlocked.Read(ref s_freeBytes) + bytes > MaxPooledBytes)
        {
            s_leases.Remove(lease.Array);
            return; // not re-armed: the collector frees the array and the lease together
        }
        Interlocked.Add(ref s_freeBytes, bytes);
        s_free.GetOrAdd(lease.Array.Length, static _ => new ConcurrentStack<Lease>()).Push(lease);
    }

    /// <summary>Lives exactly as long as its array (through the table above); its finalizer returns the array.</summary>
    private sealed class Lease(float[] array)
    {
        private int _inPool;

        public float[] Array { get; } = array;

        /// <summary>Marks the lease as waiting in the pool; false if it already was.</summary>
        public bool TryMarkInPool() => Interlocked.Exchange(ref _inPool, 1) == 0;

        public void MarkHandedOut() => Volatile.Write(ref _inPool, 0);

        ~Lease() => Return(this);
    }
}
