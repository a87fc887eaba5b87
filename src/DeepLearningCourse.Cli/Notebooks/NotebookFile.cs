using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearningCourse.Cli;

/// <summary>
/// A Jupyter (.ipynb, nbformat 4) notebook read as JSON, keeping every field it does not touch (Polyglot metadata,
/// cell ids) exactly as it was. Used by the runner (to write outputs) and the exporter (to read them).
/// </summary>
public sealed class NotebookFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private NotebookFile(string path, JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Root = root;
        Cells = cells;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The text of the first markdown heading, or the file name without extension.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.Kind == NotebookCellKind.Markdown))
            {
                foreach (var line in cell.Source.Split('\n'))
                {
                    if (line.StartsWith('#'))
                    {
                        return line.TrimStart('#').Trim();
                    }
                }
            }

            return System.IO.Path.GetFileNameWithoutExtension(Path);
        }
    }

    public static NotebookFile Load(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
                ?? throw new InvalidDataException("the file is empty");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"Notebook '{path}' is not valid .ipynb JSON: {exception.Message}", exception);
        }

        var cells = root["cells"]?.AsArray()
            ?? throw new InvalidDataException($"Notebook '{path}' has no \"cells\" array; is it a Jupyter notebook?");
        var defaultKernel = root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() ?? "csharp";
        var list = new List<NotebookCell>();
        for (var i = 0; i < cells.Count; i++)
        {
            list.Add(new NotebookCell(i + 1, cells[i]!.AsObject(), defaultKernel));
        }

        return new NotebookFile(System.IO.Path.GetFullPath(path), root, list);
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, Root.ToJsonString(Indented) + "\n");
    }

    /// <summary>Joins nbformat's multi-line strings (a string or an array of strings).</summary>
    public static string JoinText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray parts => string.Concat(parts.Select(p => p?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };
}

public enum NotebookCellKind
{
    Markdown,
    Code,
    Raw,
}

/// <summary>One cell of a <see cref="NotebookFile"/>; <see cref="Number"/> is its 1-based position (markdown included).</summary>
public sealed class NotebookCell
{
    internal NotebookCell(int number, JsonObject node, string defaultKernel)
    {
        Number = number;
        Node = node;
        Kind = node["cell_type"]?.GetValue<string>() switch
        {
            "markdown" => NotebookCellKind.Markdown,
            "code" => NotebookCellKind.Code,
            _ => NotebookCellKind.Raw,
        };
        Source = NotebookFile.JoinText(node["source"]).Replace("\r\n", "\n", StringComparison.Ordinal);
        KernelName = node["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
            ?? node["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
            ?? defaultKernel;
    }

    public int Number { get; }

    public JsonObject Node { get; }

    public NotebookCellKind Kind { get; }

    public string Source { get; }

    public string KernelName { get; }

    /// <summary>The first line, trimmed (where <c>// EXERCISE: name</c> and <c>// SOLUTION: name</c> markers live).</summary>
    public string FirstLine => Source.Split('\n', 2)[0].Trim();

    public bool IsSolution => Kind == NotebookCellKind.Code && FirstLine.StartsWith("// SOLUTION:", StringComparison.Ordinal);

    public bool IsExercise => Kind == NotebookCellKind.Code && FirstLine.StartsWith("// EXERCISE:", StringComparison.Ordinal);

    /// <summary>A cell that checks an exercise answer (calls <c>Exercise.Check…</c>); its executed outputs show the solution's result.</summary>
    public bool IsCheck => Kind == NotebookCellKind.Code && !IsSolution && Source.Contains("Exercise.Check", StringComparison.Ordinal);

    /// <summary>The cell's outputs array (created empty for code cells that have none).</summary>
    public JsonArray Outputs
    {
        get
        {
            if (Node["outputs"] is JsonArray outputs)
            {
                return outputs;
            }

            var created = new JsonArray();
            Node["outputs"] = created;
            return created;
        }
    }

    public bool HasOutputs => Node["outputs"] is JsonArray { Count: > 0 };
}
