namespace DeepLearningCourse.Engine;

/// <summary>Which micro-kernel <see cref="Gemm"/> uses (the best the processor supports unless a test picks one).</summary>
internal enum GemmKernelKind
{
    /// <summary>Portable scalar 4×4 tiles.</summary>
    Scalar,
    /// <summary>AVX2/FMA 6×16 tiles.</summary>
    Vector256,
    /// <summary>AVX-512 tiles of <see cref="GemmKernels.Vector512Rows"/>×32.</summary>
    Vector512,
}
