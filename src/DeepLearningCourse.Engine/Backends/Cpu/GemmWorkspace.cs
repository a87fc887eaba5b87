using System.Runtime.InteropServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Per-thread packing buffers for <see cref="Gemm"/>: 64-byte aligned native memory, allocated on a thread's first
/// large multiply, grown when a bigger one needs it, and reused afterwards (no allocation per call).
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic] private static GemmWorkspace? t_current;

    private nuint _aCapacity, _bCapacity, _cCapacity;
    private float* _partialC;

    /// <summary>Packed panel of A (MC×KC values).</summary>
    public float* PackedA { get; private set; }

    /// <summary>Packed panel of B (KC×NC values).</summary>
    public float* PackedB { get; private set; }

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
    public float* PartialC(int floats)
    {
        if ((nuint)floats > _cCapacity)
        {
            NativeMemory.AlignedFree(_partialC);
            _partialC = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            _cCapacity = (nuint)floats;
        }
        return _partialC;
    }

    private void Ensure(int aFloats, int bFloats)
    {
        if ((nuint)aFloats > _aCapacity)
        {
            NativeMemory.AlignedFree(PackedA);
            PackedA = (float*)NativeMemory.AlignedAlloc((nuint)aFloats * sizeof(float), 64);
            _aCapacity = (nuint)aFloats;
        }
        if ((nuint)bFloats > _bCapacity)
        {
            NativeMemory.AlignedFree(PackedB);
            PackedB = (float*)NativeMemory.AlignedAlloc((nuint)bFloats * sizeof(float), 64);
            _bCapacity = (nuint)bFloats;
        }
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(PackedA);
        NativeMemory.AlignedFree(PackedB);
        NativeMemory.AlignedFree(_partialC);
    }
}
