using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The arithmetic of <see cref="GeluNode"/> (tanh form): a readable scalar reference and the fast path the node runs.
/// <code>
/// u = √(2/π) · x · (1 + 0.044715 x²)     t = tanh(u)     y = ½ x (1 + t)
/// dx = dy · (½ (1 + t) + ½ x (1 − t²) √(2/π) (1 + 3 · 0.044715 x²))
/// </code>
/// The fast path makes one pass over memory instead of one per operation: it works in chunks that stay in the L1
/// cache, sixteen values at a time, keeps t only per chunk (Backward recomputes it), and splits long arrays between
/// the engine's worker threads
/// (<see cref="ParallelRanges"/>: range boundaries are multiples of 16, so results do not depend on the thread count).
/// Every operation is the reference's, in the reference's order, so the fast backward equals the reference bit for
/// bit; the fast forward differs only where the vectorized tanh (<see cref="TensorPrimitives.Tanh(ReadOnlySpan{float}, Span{float})"/>)
/// rounds differently from <see cref="MathF.Tanh"/> (a few units in the last place).
/// </summary>
internal static class GeluKernels
{
    private const float Coefficient = 0.044715f;
    private const float ThreeCoefficient = 3f * Coefficient;
    private static readonly float SqrtTwoOverPi = MathF.Sqrt(2f / MathF.PI);

    /// <summary>Values per chunk of the fast paths: the x, t and y (or dy, dx) chunks together stay in L1.</summary>
    private const int ChunkLength = 1024;

    /// <summary>The reference forward: t = tanh(u) (kept for Backward) and y, one element at a time.</summary>
    public static void ReferenceForward(ReadOnlySpan<float> x, Span<float> tanh, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            float t = MathF.Tanh((v * v * Coefficient + 1f) * v * SqrtTwoOverPi);
            tanh[i] = t;
            y[i] = (t + 1f) * v * 0.5f;
        }
    }

    /// <summary>The reference backward: dx from x, the saved t and dy, one element at a time.</summary>
    public static void ReferenceBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> tanh, ReadOnlySpan<float> gradOutput, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = gradOutput[i] * Derivative(x[i], tanh[i]);
    }

    /// <summary>The fast forward (see the class remarks): y from x, arrays of equal length; t is not kept.</summary>
    public static void Forward(float[] x, float[] y) =>
        ParallelRanges.Run(x.Length, (X: x, Y: y), static (start, end, s) =>
        {
            Span<float> tanh = stackalloc float[ChunkLength];
            for (int chunk = start; chunk < end; chunk += ChunkLength)
            {
                int length = Math.Min(ChunkLength, end - chunk);
                ReadOnlySpan<float> xs = s.X.AsSpan(chunk, length);
                Tanh(xs, tanh[..length]);
                Output(xs, tanh[..length], s.Y.AsSpan(chunk, length));
            }
        });

    /// <summary>
    /// The fast backward: dx from x and dy, arrays of equal length. t = tanh(u) is recomputed chunk by chunk exactly
    /// as the forward computed it (cheaper than keeping a second tensor of the input's size alive until Backward).
    /// </summary>
    public static void Backward(float[] x, float[] gradOutput, float[] dx) =>
        ParallelRanges.Run(x.Length, (X: x, G: gradOutput, D: dx), static (start, end, s) =>
        {
            Span<float> tanh = stackalloc float[ChunkLength];
            for (int chunk = start; chunk < end; chunk += ChunkLength)
            {
                int length = Math.Min(ChunkLength, end - chunk);
                ReadOnlySpan<float> xs = s.X.AsSpan(chunk, length);
                Tanh(xs, tanh[..length]);
                BackwardRange(xs, tanh[..length], s.G.AsSpan(chunk, length), s.D.AsSpan(chunk, length));
            }
        });

    /// <summary>t = tanh(√(2/π) · x · (1 + 0.044715 x²)), sixteen values at a time (the fast paths' t).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tanh(ReadOnlySpan<float> x, Span<float> tanh)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var c = Vector512.Create(Coefficient);
            var s = Vector512.Create(SqrtTwoOverPi);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i));
                ((v * v * c + Vector512<float>.One) * v * s).CopyTo(tanh.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            float v = x[i];
            tanh[i] = (v * v * Coefficient + 1f) * v * SqrtTwoOverPi;
        }
        // Whole vectors, then the tail padded to one vector: every element goes through the same vector tanh,
        // so t does not depend on where a chunk or a thread's range ends.
        int whole = tanh.Length - tanh.Length % 16;
        VectorMath.Tanh(tanh[..whole], tanh[..whole]);
        if (whole < tanh.Length)
        {
            Span<float> tail = stackalloc float[16];
            tail.Clear();
            tanh[whole..].CopyTo(tail);
            VectorMath.Tanh(tail, tail);
            tail[..(tanh.Length - whole)].CopyTo(tanh[whole..]);
        }
    }

    /// <summary>y = ½ x (1 + t).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Output(ReadOnlySpan<float> x, ReadOnlySpan<float> tanh, Span<float> y)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var half = Vector512.Create(0.5f);
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i));
                ((Vector512.Create(tanh.Slice(i)) + Vector512<float>.One) * v * half).CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++) y[i] = (tanh[i] + 1f) * x[i] * 0.5f;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRange(ReadOnlySpan<float> x, ReadOnlySpan<float> tanh, ReadOnlySpan<float> gradOutput, Span<float> dx)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var half = Vector512.Create(0.5f);
            var s = Vector512.Create(SqrtTwoOverPi);
            var c3 = Vector512.Create(ThreeCoefficient);
            var one = Vector512<float>.One;
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i));
                var t = Vector512.Create(tanh.Slice(i));
                var derivative = half * (one + t) + half * v * (one - t * t) * s * (one + c3 * v * v);
                (Vector512.Create(gradOutput.Slice(i)) * derivative).CopyTo(dx.Slice(i));
            }
        }
        for (; i < x.Length; i++) dx[i] = gradOutput[i] * Derivative(x[i], tanh[i]);
    }

    /// <summary>gelu'(x) given t = tanh(u).</summary>
    private static float Derivative(float x, float t) =>
        0.5f * (1f + t) + 0.5f * x * (1f - t * t) * SqrtTwoOverPi * (1f + ThreeCoefficient * x * x);
}
