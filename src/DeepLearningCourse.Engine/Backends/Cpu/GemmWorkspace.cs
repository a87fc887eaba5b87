using System.Runtime.InteropServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Per-thread packing buffers for <see cref="Gemm"/>: 64-byte aligned native memory, allocated on a thread's first
/// large multiply, grown when a bigger one needs it, and reused afterwards (no allocation per call).
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic] private static GemmWorkspace? t_current;

    private nuint _aCapacity, _bCapacity, _cCapacity, _transposedCapacity;
    private float* _packedA, _packedB, _partialC, _transposedC;

    /// <summary>Packed panel of A (MC×KC values).</summary>
    public float* PackedA => _packedA;

    /// <summary>Packed panel of B (KC×NC values).</summary>
    public float* PackedB => _packedB;

    /// <summary>
    /// The calling thread's workspace with room for at least the given numbers of floats, plus 16 floats of slack
    /// after each buffer (vector stores in the packing may spill zeros just past the end).
    /// </summary>
    public static GemmWorkspace ForCurrentThread(int aFloats, int bFloats)
    {
        var workspace = t_current ??= new GemmWorkspace();
        workspace.Ensure(aFloats + 16, bFloats + 16);
        return workspace;
    }

    /// <summary>
    /// A 64-byte aligned buffer of at least <paramref name="floats"/> values on this thread for a partial product
    /// (contents undefined on entry).
    /// </summary>
    public float* PartialC(int floats) => Grown(ref _partialC, ref _cCapacity, floats);

    /// <summary>
    /// A 64-byte aligned buffer of at least <paramref name="floats"/> values on this thread for the transpose of a
    /// narrow product (contents undefined on entry).
    /// </summary>
    public float* TransposedC(int floats) => Grown(ref _transposedC, ref _transposedCapacity, floats);

    private void Ensure(int aFloats, int bFloats)
    {
        Grown(ref _packedA, ref _aCapacity, aFloats);
        Grown(ref _packedB, ref _bCapacity, bFloats);
    }

    /// <summary>The buffer, replaced by a larger one (old contents dropped) when it holds fewer than <paramref name="floats"/> values.</summary>
    private static float* Grown(ref float* buffer, ref nuint capacity, int floats)
    {
        if ((nuint)floats > capacity)
        {
            NativeMemory.AlignedFree(buffer);
            buffer = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            capacity = (nuint)floats;
        }
        return buffer;
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(_packedA);
        NativeMemory.AlignedFree(_packedB);
        NativeMemory.AlignedFree(_partialC);
        NativeMemory.AlignedFree(_transposedC);
    }
}
