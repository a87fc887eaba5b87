using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Element-wise passes over long arrays, cut into chunks that keep their results in cache.
/// </summary>
/// <remarks>
/// TensorPrimitives writes a destination of more than 256 KB with non-temporal stores, which send it past the
/// caches to memory: right for a copy nobody reads soon, wrong in a training step, where the next op (or the next
/// forward pass, for weights) reads the result straight back. On the development VM an SGD step written that way made
/// the next step's first product 20 µs slower. Calling it on 64 KB chunks keeps the ordinary stores; every element is
/// computed the same way, since chunks start at multiples of 16 values.
/// </remarks>
internal static class CacheChunks
{
    /// <summary>Values per chunk (64 KB of floats), a multiple of every vector width.</summary>
    public const int Length = 16 * 1024;

    /// <summary>destination = x + y, chunk by chunk (the spans have equal lengths; destination may be x or y).</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        foreach (var (start, length) in Of(destination.Length))
            TensorPrimitives.Add(x.Slice(start, length), y.Slice(start, length), destination.Slice(start, length));
    }

    /// <summary>The chunks of [0, <paramref name="count"/>): <c>foreach (var (start, length) in CacheChunks.Of(n))</c>.</summary>
    public static Chunks Of(int count) => Of(0, count);

    /// <summary>The chunks of [<paramref name="start"/>, <paramref name="end"/>), the first starting at start.</summary>
    public static Chunks Of(int start, int end) => new(start, end);

    /// <summary>Consecutive ranges of at most <see cref="Length"/> values covering [start, end) once.</summary>
    public readonly struct Chunks(int start, int end)
    {
        public Enumerator GetEnumerator() => new(start, end);

        public struct Enumerator(int start, int end)
        {
            private int _next = start;

            public (int Start, int Length) Current { get; private set; }

            public bool MoveNext()
            {
                if (_next >= end) return false;
                Current = (_next, Math.Min(Length, end - _next));
                _next += Length;
                return true;
            }
        }
    }
}
