using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

// Small products shared between two cores by the sum over k.
public static partial class Gemm
{
    /// <summary>
    /// True for a product that two cores share best by the sum over k: k is two packed blocks long and C is small
    /// (a batch of activations, ≤ 64K values). Each core then packs half of A and half of B, instead of all of A
    /// and half of B, and reads B by rows: the first layer's W [784, 256] in the rows that its weight gradient and
    /// the optimizer's update give the same core, so W stays in that core's cache from step to step instead of
    /// crossing to the other. One core computes C as the first block's sum plus the second's, and so does the split,
    /// so results are bit for bit the same.
    /// </summary>
    private static bool SplitsOverK(Job job) => SplitsOverK(job.Parts, job.M, job.N, job.K, job.Accumulate, job.ColumnSums != 0);

    /// <inheritdoc cref="SplitsOverK(Job)"/>
    internal static bool SplitsOverK(int parts, int m, int n, int k, bool accumulate, bool columnSums) =>
        parts == 2 && !accumulate && !columnSums && k > BlockSteps(k) && k <= 2 * BlockSteps(k) && (long)m * n <= SplitOverKMaxC;

    /// <summary>Largest C (values) split over k: two of them, C and the second block's sum, stay within L2.</summary>
    internal const int SplitOverKMaxC = 64 * 1024;

    /// <summary>
    /// C = A·B over two k blocks, one per core: part 0 computes the first block (plus the bias) into C, part 1 the
    /// second into its own aligned buffer; then the caller adds the second into C (and applies ReLU).
    /// </summary>
    private static unsafe void RunSplitOverK(Job job)
    {
        // The second block's buffer belongs to the calling thread, which reads it after both parts are done (a
        // helper's own buffer could be reused by another caller's product by then).
        float* second = GemmWorkspace.ForCurrentThread(0, 0).PartialC(job.M * job.N);
        WorkerThreads.Run(2, (Job: job, Second: (nint)second), static (part, state) =>
        {
            var job = state.Job;
            int blockK = BlockSteps(job.K);
            if (part == 0) Packed(job, 0, job.M, 0, job.N, 0, blockK, (float*)job.C, job.N, relu: false);
            else Packed(job, 0, job.M, 0, job.N, blockK, job.K, (float*)state.Second, job.N, relu: false);
        });
        var sum = new Span<float>((float*)job.C, job.M * job.N);
        TensorPrimitives.Add(sum, new ReadOnlySpan<float>(second, job.M * job.N), sum);
        if (job.Relu) ReluNode.Rectify(sum, sum);
    }
}
