namespace DeepLearningCourse.Engine.Tests;

/// <summary>The kernel a [Theory] names, or a skip that says the processor lacks it (never a vacuous pass).</summary>
internal static class GemmKernelUnderTest
{
    public static GemmKernelKind RunnableOrSkip(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernelKind>(kernelName);
        if (kernel == GemmKernelKind.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            Assert.Skip("Vector512 is not accelerated on this machine.");
        if (kernel == GemmKernelKind.Vector256 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            Assert.Skip("Vector256 is not accelerated on this machine.");
        return kernel;
    }
}
