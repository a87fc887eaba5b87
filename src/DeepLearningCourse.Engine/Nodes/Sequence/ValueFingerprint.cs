using System.Numerics;
using System.Runtime.InteropServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A 64-bit fingerprint of tensors' values, cheap enough to take on every call (~20 µs per 0.5 MB). The fused
/// sequence nodes take one of their inputs and weights at Forward instead of copying them, and check it before a
/// late replay: any change to a single value changes the fingerprint (each step of the mix is invertible), so an
/// optimizer step or an input edited in place is reported instead of silently replayed with the new values.
/// </summary>
internal static class ValueFingerprint
{
    private const uint Multiplier = 0x9E3779B1; // odd, so multiplying is invertible modulo 2^32

    /// <summary>The fingerprint of the tensors' values and shapes, in order.</summary>
    public static ulong Of(params ReadOnlySpan<Tensor> tensors)
    {
        ulong result = 14695981039346656037;
        foreach (Tensor tensor in tensors)
        {
            result = (result ^ (ulong)tensor.Size) * 1099511628211;
            result = (result ^ Mix(MemoryMarshal.Cast<float, uint>(tensor.Data.AsSpan()))) * 1099511628211;
        }
        return result;
    }

    /// <summary>
    /// Throws, naming the node, when the tensors no longer match the fingerprint taken at Forward: a late replay would
    /// otherwise compute per-step values from changed weights or inputs.
    /// </summary>
    public static void ThrowIfChanged(Node node, ulong taken, params ReadOnlySpan<Tensor> tensors)
    {
        if (Of(tensors) != taken)
            throw new InvalidOperationException($"{node.OpName}: per-step values (LastRun.Cell, LastRun.Gates, LastRun.Hidden[t].Grad) are made when first read; after Backward they are recomputed from this call's input, initial state, weights and output gradient, but those have changed since (an optimizer step, or a tensor edited in place). Read them right after Backward, before the weights change, or run the layer with fused: false to keep every step's values.");
    }

    private static ulong Mix(ReadOnlySpan<uint> bits)
    {
        // Four independent lane accumulators, so the multiplies of consecutive vectors overlap.
        Vector<uint> a = new(Multiplier), b = a, c = a, d = a;
        int width = Vector<uint>.Count, i = 0;
        for (; i <= bits.Length - 4 * width; i += 4 * width)
        {
            a = (a ^ new Vector<uint>(bits[i..])) * Multiplier;
            b = (b ^ new Vector<uint>(bits[(i + width)..])) * Multiplier;
            c = (c ^ new Vector<uint>(bits[(i + 2 * width)..])) * Multiplier;
            d = (d ^ new Vector<uint>(bits[(i + 3 * width)..])) * Multiplier;
        }
        ulong result = 0;
        foreach (var lanes in new[] { a, b, c, d })
        {
            for (int lane = 0; lane < width; lane++) result = (result * 31) + lanes[lane];
        }
        for (; i < bits.Length; i++) result = (result ^ bits[i]) * 1099511628211;
        return result;
    }
}
