using System.Reflection;
using System.Runtime.Loader;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Answers requests for an assembly version the process does not have with the copy already loaded. The notebook kernels ship FSharp.Core 10.0 while Plotly.NET 6 asks for 10.1; every member Plotly.NET uses exists in 10.0.
/// </summary>
internal static class AssemblyRedirects
{
    private static bool s_installed;

    public static void Install()
    {
        if (s_installed) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
        s_installed = true;
    }

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        // Prefer a copy in the requesting context, then one loaded anywhere else (the kernel loads #r assemblies into their
        // own contexts; loading a second copy would give two distinct sets of types). Otherwise let the host's resolvers look.
        Assembly? elsewhere = null;
        foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!string.Equals(loaded.GetName().Name, requested.Name, StringComparison.OrdinalIgnoreCase)) continue;
            if (AssemblyLoadContext.GetLoadContext(loaded) == context) return loaded;
            elsewhere ??= loaded;
        }
        return elsewhere;
    }
}
