using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Shows values in the running notebook cell, or on the console outside a kernel. Uses the static
/// <see cref="KernelInvocationContextExtensions.Display"/> route, whose returned value can be updated in place
/// (the <c>display(x)</c> helper returns an object that cannot, in Microsoft.DotNet.Interactive 1.0.0-beta.26120.1).
/// </summary>
internal static class KernelOutput
{
    /// <summary>Test hook: receives every value shown, with its mime types, instead of the kernel or the console.</summary>
    internal static Action<object, string[]>? Sink { get; set; }

    public static bool InKernel => KernelInvocationContext.Current is not null;

    /// <summary>Displays <paramref name="value"/> with the given mime types; returns a handle for updates (null outside a kernel).</summary>
    public static LiveDisplay Show(object value, params string[] mimeTypes)
    {
        if (Sink is { } sink)
        {
            sink(value, mimeTypes);
            return new LiveDisplay(null, mimeTypes);
        }
        KernelInvocationContext? context = KernelInvocationContext.Current;
        if (context is null)
        {
            Console.WriteLine(value.ToDisplayString("text/plain"));
            return new LiveDisplay(null, mimeTypes);
        }
        return new LiveDisplay(context.Display(value, mimeTypes), mimeTypes);
    }
}

/// <summary>A shown value that can be replaced in place (a no-op outside a kernel).</summary>
internal sealed class LiveDisplay(DisplayedValue? displayed, string[] mimeTypes)
{
    public void Update(object value)
    {
        if (KernelOutput.Sink is { } sink) sink(value, mimeTypes);
        else displayed?.Update(value);
    }
}
