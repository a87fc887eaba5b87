using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Rung 1 of the SGEMM ladder: one GPU thread per element of C.
/// </summary>
/// <remarks>
/// Thread (i, j) walks row i of A and column j of B straight from global memory. Every value of A is therefore read
/// N times and every value of B M times: the kernel moves 2·M·N·K floats for 2·M·N·K flops, so it is limited by
/// memory bandwidth (about 1 flop per 4 bytes), not by arithmetic. On an H100 that is ~3 TFLOP/s of a ~50 TFLOP/s
/// FP32 peak. The next rungs cut the memory traffic.
/// </remarks>
public static class NaiveSgemmKernel
{
    /// <summary>C[i, j] = Σₚ A[i, p] · B[p, j]. Launched over the index space (N, M): index.X = column j, index.Y = row i
    /// (X varies fastest across threads, so neighbouring threads read neighbouring elements of B and write neighbouring elements of C).</summary>
    public static void Kernel(Index2D index, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape shape)
    {
        int col = index.X, row = index.Y;
        if (row >= shape.M || col >= shape.N) return;
        float sum = 0;
        for (int p = 0; p < shape.K; p++)
            sum += a[shape.AIndex(row, p)] * b[shape.BIndex(p, col)];
        int at = row * shape.N + col;
        c[at] = shape.Accumulate != 0 ? c[at] + sum : sum;
    }
}
