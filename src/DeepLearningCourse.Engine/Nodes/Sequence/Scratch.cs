namespace DeepLearningCourse.Engine;

/// <summary>
/// Working arrays for the fused sequence and linear nodes, from <see cref="TensorMemory"/>. Their buffers are
/// megabytes per call; a node gives them back as soon as Backward is done with them, and the buffers of a node that
/// is never backpropagated (a forward pass with the graph recorded) return when the node is collected. A rented array
/// holds old values: callers write before they read.
/// </summary>
internal static class Scratch
{
    public static float[] Rent(int length) => TensorMemory.Uninitialized(length);

    /// <summary>Gives a rented array back (null is ignored). The caller must not use it afterwards.</summary>
    public static void Return(float[]? array) => TensorMemory.GiveBack(array);
}
