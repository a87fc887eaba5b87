using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>Builds small executed notebooks (cells with outputs) directly as JSON, for exporter tests that need no kernel.</summary>
internal static class TestNotebooks
{
    public static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    };

    public static JsonObject Code(string source, params JsonObject[] outputs) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = 1,
        ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
        ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o).ToArray()),
        ["source"] = source,
    };

    public static JsonObject Display(params (string MimeType, JsonNode Value)[] bundle)
    {
        var data = new JsonObject();
        foreach (var (mimeType, value) in bundle)
        {
            data[mimeType] = value;
        }

        return new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
    }

    public static JsonObject Chart(string figureJson) =>
        Display(("text/html", "<div>the formatter's own chart html</div>"), (HandoutExporter.PlotlyMimeType, JsonNode.Parse(figureJson)!));

    public const string LineFigure =
        """{"data":[{"type":"scatter","mode":"lines","x":[0,1,2,3,4],"y":[4,2,1,0.5,0.25],"line":{"width":6}}],"layout":{"title":{"text":"2-D"},"height":420}}""";

    public const string SurfaceFigure =
        """{"data":[{"type":"surface","z":[[1,2,3,4],[2,3,4,5],[3,4,6,7],[4,5,7,9]]}],"layout":{"title":{"text":"3-D"},"height":480}}""";

    /// <summary>Writes an executed notebook with the given cells to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, params JsonObject[] cells)
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
