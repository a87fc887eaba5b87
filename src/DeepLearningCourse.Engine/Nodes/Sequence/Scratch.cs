using System.Buffers;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Reusable working arrays for the fused sequence nodes. Their buffers are megabytes per call (the large-object
/// heap), and allocating fresh ones every training step made every garbage collection a full one; renting them
/// from a pool and returning them when Backward is done avoids that. A rented array may be longer than asked for and
/// holds old values: callers use only the first <c>length</c> elements and write before they read.
/// </summary>
internal static class Scratch
{
    public static float[] Rent(int length) => ArrayPool<float>.Shared.Rent(length);

    /// <summary>Gives a rented array back (null is ignored). The caller must not use it afterwards.</summary>
    public static void Return(float[]? array)
    {
        if (array is not null) ArrayPool<float>.Shared.Return(array);
    }
}
