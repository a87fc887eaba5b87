using System.Reflection;
using System.Runtime.Loader;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Answers requests for an assembly version the process does not have with the copy already loaded (or the one next to this
/// library). The notebook kernels ship FSharp.Core 10.0 while Plotly.NET 6 asks for 10.1; every member Plotly.NET uses exists in 10.0.
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
        foreach (Assembly loaded in context.Assemblies)
        {
            if (string.Equals(loaded.GetName().Name, requested.Name, StringComparison.OrdinalIgnoreCase)) return loaded;
        }
        string? folder = Path.GetDirectoryName(typeof(AssemblyRedirects).Assembly.Location);
        if (string.IsNullOrEmpty(folder) || requested.Name is null) return null;
        string candidate = Path.Combine(folder, requested.Name + ".dll");
        return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
    }
}
