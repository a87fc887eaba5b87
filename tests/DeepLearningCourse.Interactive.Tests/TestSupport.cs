using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

// Formatter registrations, the display sink and DLC_STRICT_EXERCISES are process-wide: run tests one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace DeepLearningCourse.Interactive.Tests;

/// <summary>Captures what the library displays, and parses chart JSON.</summary>
internal sealed class DisplayCapture : IDisposable
{
    public List<(object Value, string[] MimeTypes)> Shown { get; } = [];

    public DisplayCapture()
    {
        Course.Setup();
        KernelOutput.Sink = (value, mimeTypes) => Shown.Add((value, mimeTypes));
    }

    public void Dispose() => KernelOutput.Sink = null;
}

internal static class Figure
{
    public static JsonElement Json(GenericChart chart) => JsonDocument.Parse(PlotlyHtml.ToFigureJson(chart)).RootElement.Clone();

    public static List<JsonElement> Traces(GenericChart chart) => [.. Json(chart).GetProperty("data").EnumerateArray()];

    public static string Type(JsonElement trace) => trace.GetProperty("type").GetString()!;

    public static string? Name(JsonElement trace) => trace.TryGetProperty("name", out var n) ? n.GetString() : null;

    public static JsonElement Layout(GenericChart chart) => Json(chart).GetProperty("layout");

    public static string Html(object value) => value.ToDisplayString("text/html");
}
