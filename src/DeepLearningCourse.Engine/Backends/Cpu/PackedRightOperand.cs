using System.Runtime.InteropServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A right-hand operand op(B) [k, n] packed once for many products C = A · op(B) (or C += A · op(B)) with different,
/// small A, e.g. a recurrent weight used at every time step (<c>Gemm.Multiply</c> would re-pack it on every
/// call). Each product runs on the calling thread, so several threads can multiply by the same packed operand at
/// once. Every element of C gets the same sum, in the same order, as the packed path of <c>Gemm.Multiply</c>
/// (every product above the tiny direct-loop size, with C below <c>Gemm.LargeCValues</c> values) computes for it.
/// Each thread has one reusable instance (<see cref="ForCurrentThread"/>): 64-byte aligned native memory that grows
/// when needed and is never freed per call.
/// </summary>
internal sealed unsafe class PackedRightOperand
{
    [ThreadStatic] private static PackedRightOperand? t_current;

    private float* _data;
    private nint _capacity;

    /// <summary>The micro-kernel the slivers are laid out for.</summary>
    public GemmKernelKind Kernel { get; private set; }

    /// <summary>Rows of op(B): the inner dimension of every product.</summary>
    public int K { get; private set; }

    /// <summary>Columns of op(B) and of C.</summary>
    public int N { get; private set; }

    /// <summary>
    /// The calling thread's instance, holding op(B) [k, n] packed for the fastest kernel; B is stored [k, n], or [n, k]
    /// when <paramref name="transposed"/>. It stays valid until this thread packs another operand.
    /// </summary>
    public static PackedRightOperand ForCurrentThread(ReadOnlySpan<float> b, int k, int n, bool transposed)
    {
        var packed = t_current ??= new PackedRightOperand();
        packed.Pack(Gemm.s_bestKernel, b, k, n, transposed);
        return packed;
    }

    /// <summary>Packs op(B) [k, n] for an explicit kernel, replacing what this instance held (tests compare kernels).</summary>
    internal void Pack(GemmKernelKind kernel, ReadOnlySpan<float> b, int k, int n, bool transposed)
    {
        if (k <= 0 || n <= 0 || b.Length < (long)k * n)
            throw new ArgumentException($"PackedRightOperand: B has {b.Length} values but op(B) is [{k}, {n}]; k and n must be positive and B must hold k·n values.");
        int paddedColumns = Gemm.RoundUp(n, Gemm.Tiles(kernel).Columns);
        Ensure((nint)k * paddedColumns + 16); // vector stores in the packing may spill just past the end
        (Kernel, K, N) = (kernel, k, n);
        fixed (float* pb = b)
        {
            int blockK = Gemm.BlockSteps(k);
            for (int pc = 0; pc < k; pc += blockK)
            {
                int kc = Math.Min(blockK, k - pc);
                GemmPacking.PackB(pb, transposed, n, k, 0, n, pc, kc, Gemm.Tiles(kernel).Columns, _data + (nint)pc * paddedColumns);
            }
        }
    }

    /// <summary>
    /// C [m, N] = A [m, K] · op(B), or C += A · op(B) with <paramref name="accumulate"/>, on the calling thread.
    /// A and C are row-major and contiguous.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> a, int m, Span<float> c, bool accumulate)
    {
        if (_data == null) throw new InvalidOperationException("PackedRightOperand.Multiply: nothing has been packed yet; call Pack first.");
        if (m < 0 || a.Length < (long)m * K || c.Length < (long)m * N)
            throw new ArgumentException($"PackedRightOperand.Multiply: A has {a.Length} values and C {c.Length}, but A must be [{m}, {K}] and C [{m}, {N}] for the packed op(B) [{K}, {N}].");
        if (m == 0) return;
        var (tileRows, tileColumns) = Gemm.Tiles(Kernel);
        int paddedColumns = Gemm.RoundUp(N, tileColumns);
        int blockK = Gemm.BlockSteps(K);
        int blockRows = Gemm.ABlockRows(blockK, 0, tileRows);
        var workspace = GemmWorkspace.ForCurrentThread(Math.Min(blockRows, Gemm.RoundUp(m, tileRows)) * blockK, 0);
        float* packedA = workspace.PackedA;
        float* edge = stackalloc float[tileRows * tileColumns];
        fixed (float* pa = a, pc0 = c)
        {
            for (int pc = 0; pc < K; pc += blockK)
            {
                int kc = Math.Min(blockK, K - pc);
                bool overwrite = pc == 0 && !accumulate;
                for (int ic = 0, mc; ic < m; ic += mc)
                {
                    mc = Gemm.BlockRows(m - ic, blockRows, tileRows);
                    int tail = Gemm.EightRowTail(Kernel, mc);
                    GemmPacking.PackABlock(pa, false, m, K, ic, mc, tail, pc, kc, tileRows, packedA);
                    Gemm.TileBlock(Kernel, packedA, 0, _data + (nint)pc * paddedColumns, 0, mc, N, kc, pc0 + (nint)ic * N, N, overwrite, edge, tail);
                }
            }
        }
    }

    private void Ensure(nint floats)
    {
        if (floats <= _capacity) return;
        NativeMemory.AlignedFree(_data);
        _data = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
        _capacity = floats;
    }

    ~PackedRightOperand() => NativeMemory.AlignedFree(_data);
}
