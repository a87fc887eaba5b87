namespace DeepLearningCourse.Engine;

// When a block of A or B is read where it is stored instead of from a packed copy.
public static partial class Gemm
{
    /// <summary>
    /// True when the kernels can read the B block where it is stored instead of a packed copy: B stored [k, n] without
    /// a gate, the block whole tiles wide, and the rows it spans (kc of them, n floats apart) at most
    /// <see cref="InPlaceMaxFloats"/>: half the L2 cache. Then the strided slivers stay in L2 as packed ones do and
    /// the copy is saved (the first layer's x·W on one core: 134 → 124 µs). Wider, power-of-two strides map a sliver
    /// onto few cache sets, and the copy pays for itself.
    /// </summary>
    private static bool ReadsBInPlace(Job job, int kc, int nc, int tileColumns) =>
        ReadsBInPlace(job.TransposeB, job.Gate != 0 && job.GatedOperand == GatedOperand.B, kc, nc, job.N, tileColumns);

    /// <inheritdoc cref="ReadsBInPlace(Job, int, int, int)"/>
    internal static bool ReadsBInPlace(bool transposeB, bool gatedB, int kc, int nc, int n, int tileColumns) =>
        !PackEveryOperand && !transposeB && !gatedB && nc % tileColumns == 0 && (long)kc * n <= InPlaceMaxFloats;

    /// <summary>
    /// True when the kernels can read the A block where it is stored: A stored [k, m] (op(A) = Aᵀ, as in dW = xᵀ·dy),
    /// so each step's rows of a sliver are already side by side, and the steps span at most
    /// <see cref="InPlaceMaxFloats"/>. Partial slivers need the Vector512 edge kernels, which read only their rows
    /// (the others compute a whole tile aside, which would read past A).
    /// </summary>
    private static bool ReadsAInPlace(Job job, int kc, int mc, int tileRows) =>
        ReadsAInPlace(job.Kernel, job.TransposeA, job.Gate != 0 && job.GatedOperand == GatedOperand.A, kc, mc, job.M, tileRows);

    /// <inheritdoc cref="ReadsAInPlace(Job, int, int, int)"/>
    internal static bool ReadsAInPlace(GemmKernelKind kernel, bool transposeA, bool gatedA, int kc, int mc, int m, int tileRows) =>
        !PackEveryOperand && transposeA && !gatedA && (kernel == GemmKernelKind.Vector512 || mc % tileRows == 0)
        && (long)kc * m <= InPlaceMaxFloats;

    /// <summary>Most floats a block read in place may span: 512 KiB, half the L2 cache.</summary>
    internal const int InPlaceMaxFloats = 128 * 1024;

    /// <summary>Tests set this to pack every block of A and B, to compare against reading them in place (the bits are the same).</summary>
    internal static bool PackEveryOperand { get; set; }
}
