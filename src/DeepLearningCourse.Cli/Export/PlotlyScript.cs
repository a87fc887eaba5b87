using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepLearningCourse.Cli;

/// <summary>
/// Finds plotly.js for a handout without loading Plotly.NET into the exporter's process: first the
/// <c>&lt;script id="dlc-plotly-js"&gt;</c> the notebook's first chart carries (notebook contract), else the
/// <c>Plotly.NET.plotly-*.min.js</c> manifest resource read straight from Plotly.NET.dll's bytes.
/// </summary>
public static partial class PlotlyScript
{
    /// <summary>The id of the script element that carries plotly.js in a notebook's first chart output.</summary>
    public const string ScriptElementId = "dlc-plotly-js";

    [GeneratedRegex("""<script\b[^>]*\bid\s*=\s*["']dlc-plotly-js["'][^>]*>([\s\S]*?)</script>""", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedScript();

    /// <summary>The plotly.js source inside the first <c>script#dlc-plotly-js</c> of <paramref name="html"/>, or null.</summary>
    public static string? FindInHtml(string html)
    {
        var match = EmbeddedScript().Match(html);
        return match.Success && match.Groups[1].Value.Length > 1000 ? match.Groups[1].Value : null;
    }

    /// <summary><paramref name="html"/> without any <c>script#dlc-plotly-js</c> element.</summary>
    public static string RemoveFromHtml(string html) => EmbeddedScript().Replace(html, "");

    /// <summary>Reads plotly.js from the manifest resources of a Plotly.NET.dll file (without loading the assembly).</summary>
    public static string? ReadFromAssemblyFile(string plotlyNetDll)
    {
        if (!File.Exists(plotlyNetDll))
        {
            return null;
        }

        using var stream = File.OpenRead(plotlyNetDll);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory;
        if (resources is null)
        {
            return null;
        }

        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (!name.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) || !name.EndsWith(".min.js", StringComparison.Ordinal))
            {
                continue;
            }

            var section = pe.GetSectionData(resources.Value.RelativeVirtualAddress).GetReader();
            section.Offset = checked((int)resource.Offset);
            var length = section.ReadInt32();
            return Encoding.UTF8.GetString(section.ReadBytes(length));
        }

        return null;
    }

    /// <summary>Plotly.NET.dll locations to fall back on: the notebook library folder, then the NuGet package cache.</summary>
    public static IEnumerable<string> CandidateAssemblyFiles(string? notebookLibrary)
    {
        if (notebookLibrary is not null)
        {
            yield return Path.Combine(notebookLibrary, "Plotly.NET.dll");
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var plotly = Path.Combine(packages, "plotly.net");
        if (Directory.Exists(plotly))
        {
            foreach (var dll in Directory.GetFiles(plotly, "Plotly.NET.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Reverse())
            {
                yield return dll;
            }
        }
    }
}
