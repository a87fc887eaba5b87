using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Moves convolution outputs between the GEMM's row layout [N·S, F] (one row per image position, S = OH·OW) and
/// the tensor layout [N, F, OH, OW] (NCHW, as in PyTorch). One thread per element.
/// </summary>
public static class LayoutKernels
{
    /// <summary>nchw[n, f, s] = rows[n·S + s, f]; index runs over nchw.</summary>
    public static void RowsToNchw(Index1D index, ArrayView<float> rows, ArrayView<float> nchw, int features, int spatial)
    {
        int s = index % spatial;
        int f = index / spatial % features;
        int n = index / (spatial * features);
        nchw[index] = rows[(n * spatial + s) * features + f];
    }

    /// <summary>rows[n·S + s, f] = nchw[n, f, s]; index runs over rows.</summary>
    public static void NchwToRows(Index1D index, ArrayView<float> nchw, ArrayView<float> rows, int features, int spatial)
    {
        int f = index % features;
        int row = index / features;
        int n = row / spatial, s = row % spatial;
        rows[index] = nchw[(n * features + f) * spatial + s];
    }
}
