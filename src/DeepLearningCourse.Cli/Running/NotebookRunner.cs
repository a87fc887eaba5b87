using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepLearningCourse.Cli;

/// <summary>
/// Executes a Polyglot (.ipynb) notebook top to bottom in a fresh in-process C# kernel, the way a student would with
/// "Run All", and writes the executed copy with its outputs.
/// </summary>
/// <remarks>
/// Conventions (the notebook contract): the current directory is the notebook's folder while it runs, so
/// <c>#r "../artifacts/notebook-lib/…dll"</c> resolves as in VS Code and Jupyter; <c>DLC_STRICT_EXERCISES=1</c> is set,
/// so a wrong exercise answer throws; the first failing cell stops the notebook. A live chart updates one display:
/// only its final value is kept. Headline numbers (<c>application/vnd.dlc.headline+json</c>) are collected into the
/// result and into <c>NN-name.headlines.json</c> next to the executed notebook.
/// The current directory, environment variables and .NET Interactive's formatter table are process-wide, so runs in
/// one process are serialised.
/// </remarks>
public sealed partial class NotebookRunner
{
    /// <summary>Mime type of a headline display: <c>{"key": "…", "value": 0.0, "description": "…"}</c>.</summary>
    public const string HeadlineMimeType = "application/vnd.dlc.headline+json";

    /// <summary>Environment variable the runner sets to 1 so that <c>Exercise.Check</c> throws on a wrong answer.</summary>
    public const string StrictExercisesVariable = "DLC_STRICT_EXERCISES";

    private static readonly SemaphoreSlim ProcessWideGate = new(1, 1);
    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly string outputDirectory;
    private readonly Action<string> log;
    private readonly TimeSpan cellTimeout;
    private readonly string? displayRoot;

    /// <summary>
    /// While a cell runs longer than this, a "still running" line is logged at this interval, so a long training cell
    /// shows progress in a terminal and in CI logs alike (plain lines, no cursor tricks); default 10 s.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <param name="outputDirectory">Folder for executed notebooks and headline files (created if missing).</param>
    /// <param name="log">Receives progress lines (notebook, cell i/n, elapsed); null for silence.</param>
    /// <param name="cellTimeout">A cell running longer fails the notebook; default 10 minutes.</param>
    /// <param name="displayRoot">Paths in messages are shown relative to this folder (normally the repository root).</param>
    public NotebookRunner(string outputDirectory, Action<string>? log = null, TimeSpan? cellTimeout = null, string? displayRoot = null)
    {
        this.outputDirectory = Path.GetFullPath(outputDirectory);
        this.log = log ?? (_ => { });
        this.cellTimeout = cellTimeout ?? TimeSpan.FromMinutes(10);
        this.displayRoot = displayRoot is null ? null : Path.GetFullPath(displayRoot);
    }

    /// <summary>The cell's first line of code (comments and blank lines skipped), shortened for a progress line.</summary>
    public static string Describe(string source)
    {
        var lines = source.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        var line = lines.FirstOrDefault(l => !l.StartsWith("//", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "";
        return line.Length <= 60 ? line : line[..57] + "...";
    }

    /// <summary>Runs the notebooks one after another; a failing notebook does not stop the others.</summary>
    public async Task<IReadOnlyList<NotebookRunResult>> RunAllAsync(IEnumerable<string> notebookPaths, CancellationToken cancellationToken = default)
    {
        var results = new List<NotebookRunResult>();
        var paths = notebookPaths.ToList();
        var total = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            if (paths.Count > 1)
            {
                log($"[notebook {results.Count + 1}/{paths.Count}, {total.Elapsed.TotalSeconds:0} s so far]");
            }

            results.Add(await RunAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Executes one notebook and writes <c>NN-name.ipynb</c> and <c>NN-name.headlines.json</c> to the output folder.</summary>
    public async Task<NotebookRunResult> RunAsync(string notebookPath, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(notebookPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Notebook runner: '{notebookPath}' does not exist.", fullPath);
        }

        await ProcessWideGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var previousDirectory = Environment.CurrentDirectory;
        var previousStrict = Environment.GetEnvironmentVariable(StrictExercisesVariable);
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
            Environment.SetEnvironmentVariable(StrictExercisesVariable, "1");
            return await ExecuteAsync(fullPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            Environment.SetEnvironmentVariable(StrictExercisesVariable, previousStrict);
            ProcessWideGate.Release();
        }
    }

    private async Task<NotebookRunResult> ExecuteAsync(string fullPath, CancellationToken cancellationToken)
    {
        var displayName = DisplayNameOf(fullPath);
        var notebook = NotebookFile.Load(fullPath);
        var cells = notebook.Cells;
        var codeCellCount = cells.Count(c => c.Kind == NotebookCellKind.Code);
        var displays = new Dictionary<string, JsonObject>();
        var headlines = new List<(string ValueId, HeadlineValue Value)>();
        NotebookCellError? error = null;
        var codeCellsRun = 0;
        var stopwatch = Stopwatch.StartNew();

        log($"{displayName}: {cells.Count} cells ({codeCellCount} code)");
        using (var kernel = CreateKernel())
        {
            foreach (var cell in cells)
            {
                if (cell.Kind != NotebookCellKind.Code)
                {
                    continue;
                }

                var outputs = cell.Outputs;
                outputs.Clear();
                cell.Node["execution_count"] = null;
                if (error is not null)
                {
                    continue;
                }

                codeCellsRun++;
                cell.Node["execution_count"] = codeCellsRun;
                var cellWatch = Stopwatch.StartNew();
                if (cell.KernelName is not ("csharp" or "C#" or "c#"))
                {
                    error = new NotebookCellError(displayName, cell.Number,
                        $"the cell's kernel is '{cell.KernelName}', but the runner has only the C# kernel; make it a csharp cell");
                    outputs.Add(ErrorOutput("UnsupportedKernel", error.Message, []));
                    continue;
                }

                if (NuGetReference().IsMatch(cell.Source))
                {
                    error = new NotebookCellError(displayName, cell.Number,
                        "#r \"nuget:…\" is not supported by the headless runner; course notebooks load the course library with " +
                        "#r \"../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll\" (add a package to that library instead)");
                    outputs.Add(ErrorOutput("UnsupportedDirective", error.Message, []));
                    continue;
                }

                var number = cell.Number;
                var what = Describe(cell.Source);
                using var heartbeat = new Timer(
                    _ => log($"{displayName}: cell {number}/{cells.Count} still running ({cellWatch.Elapsed.TotalSeconds:0} s, total {stopwatch.Elapsed.TotalSeconds:0} s): {what}"),
                    null, HeartbeatInterval, HeartbeatInterval);
                var (events, timedOut) = await SubmitAsync(kernel, cell.Source, cancellationToken).ConfigureAwait(false);
                await heartbeat.DisposeAsync().ConfigureAwait(false);
                foreach (var kernelEvent in events)
                {
                    switch (kernelEvent)
                    {
                        case DisplayedValueUpdated updated when updated.ValueId is not null && displays.TryGetValue(updated.ValueId, out var existing):
                            existing["data"] = ToData(updated.FormattedValues);
                            UpdateHeadline(headlines, updated.ValueId, updated.FormattedValues, cell.Number);
                            break;
                        case DisplayEvent display when display is DisplayedValueProduced or DisplayedValueUpdated:
                            var output = new JsonObject
                            {
                                ["output_type"] = "display_data",
                                ["data"] = ToData(display.FormattedValues),
                                ["metadata"] = new JsonObject(),
                            };
                            outputs.Add(output);
                            var valueId = display.ValueId ?? Guid.NewGuid().ToString("N");
                            displays[valueId] = output;
                            UpdateHeadline(headlines, valueId, display.FormattedValues, cell.Number);
                            break;
                        case ReturnValueProduced returned when returned.FormattedValues.Count > 0:
                            outputs.Add(new JsonObject
                            {
                                ["output_type"] = "execute_result",
                                ["execution_count"] = codeCellsRun,
                                ["data"] = ToData(returned.FormattedValues),
                                ["metadata"] = new JsonObject(),
                            });
                            break;
                        case StandardOutputValueProduced stdout:
                            AppendStream(outputs, "stdout", TextOf(stdout.FormattedValues));
                            break;
                        case StandardErrorValueProduced stderr:
                            AppendStream(outputs, "stderr", TextOf(stderr.FormattedValues));
                            break;
                        case CommandFailed failed:
                            var message = WithLibraryHint(MessageOf(failed), fullPath);
                            error = new NotebookCellError(displayName, cell.Number, message);
                            outputs.Add(ErrorOutput(failed.Exception?.GetType().Name ?? "Error", message,
                                (failed.Exception?.ToString() ?? failed.Message).Split('\n')));
                            break;
                    }
                }

                if (timedOut)
                {
                    error = new NotebookCellError(displayName, cell.Number,
                        $"did not finish within {cellTimeout.TotalSeconds:0} s (the runner's cell timeout); make the cell faster or train for fewer steps");
                    outputs.Add(ErrorOutput("Timeout", error.Message, []));
                }

                log($"{displayName}: cell {cell.Number}/{cells.Count} {(error is null ? "ok" : "FAILED")} " +
                    $"({cellWatch.Elapsed.TotalSeconds:0.0} s, total {stopwatch.Elapsed.TotalSeconds:0.0} s)");
            }
        }

        stopwatch.Stop();
        var executedPath = Path.Combine(outputDirectory, Path.GetFileName(fullPath));
        notebook.Save(executedPath);
        var headlineValues = headlines.Select(h => h.Value).ToList();
        await File.WriteAllTextAsync(Path.ChangeExtension(executedPath, ".headlines.json"),
            JsonSerializer.Serialize(headlineValues.Select(h => new { key = h.Key, value = h.Value, description = h.Description, cell = h.CellNumber }), IndentedJson),
            cancellationToken).ConfigureAwait(false);

        log(error is null
            ? $"{displayName}: done in {stopwatch.Elapsed.TotalSeconds:0.0} s"
            : $"{error} (after {stopwatch.Elapsed.TotalSeconds:0.0} s)");
        return new NotebookRunResult(fullPath, displayName, executedPath, stopwatch.Elapsed, cells.Count, codeCellsRun, error, headlineValues);
    }

    private static JsonObject ErrorOutput(string name, string message, string[] traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = message,
        ["traceback"] = new JsonArray(traceback.Select(line => (JsonNode?)JsonValue.Create(line.TrimEnd('\r'))).ToArray()),
    };

    [System.Text.RegularExpressions.GeneratedRegex("""^\s*#r\s+"nuget:""", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex NuGetReference();

    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel().UseKernelHelpers();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    private async Task<(IReadOnlyList<KernelEvent> Events, bool TimedOut)> SubmitAsync(Kernel kernel, string code, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(cellTimeout);
        var submission = kernel.SendAsync(new SubmitCode(code, "csharp"), timeout.Token);
        var finished = await Task.WhenAny(submission, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (finished != submission || !submission.IsCompletedSuccessfully)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ([], true);
        }

        return (submission.Result.Events, false);
    }

    private string DisplayNameOf(string fullPath)
    {
        if (displayRoot is not null)
        {
            var relative = Path.GetRelativePath(displayRoot, fullPath);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace('\\', '/');
            }
        }

        return fullPath;
    }

    /// <summary>
    /// Adds what to do when a cell could not load the course library: course notebooks load it by a path relative to
    /// their own folder (<c>../artifacts/notebook-lib/</c>), which a copy saved anywhere but beside <c>artifacts/</c> misses.
    /// </summary>
    public static string WithLibraryHint(string message, string notebookPath)
    {
        if (!message.Contains("CS0006", StringComparison.Ordinal) || !message.Contains("notebook-lib", StringComparison.Ordinal)) return message;
        string folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        string library = Path.GetFullPath(Path.Combine(folder, "..", "artifacts", "notebook-lib"));
        return message + (Directory.Exists(library)
            ? $". The library folder {library} exists but lacks that file: rebuild it with `dotnet build src/DeepLearningCourse.Interactive -c Release` and restart the kernel."
            : $". Course notebooks load the engine from ../artifacts/notebook-lib, relative to their own folder, and {library} does not exist: " +
              "save your copy of a lecture inside the repository's notebooks/ folder (e.g. notebooks/my-02-xor.ipynb) and run it from there.");
    }

    /// <summary>The error without the stack trace: compiler diagnostics, or "ExceptionType: message".</summary>
    private static string MessageOf(CommandFailed failed)
    {
        if (failed.Exception is { } exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }

        var lines = failed.Message.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .TakeWhile(line => !line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !line.StartsWith("--- End of", StringComparison.Ordinal));
        var message = string.Join("\n", lines).Trim();
        return message.StartsWith("System.", StringComparison.Ordinal) ? message["System.".Length..] : message;
    }

    /// <summary>A mime bundle as nbformat wants it: JSON mime types (application/json, *+json) as objects, the rest as strings.</summary>
    private static JsonObject ToData(IEnumerable<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var value in values)
        {
            data[value.MimeType] = IsJsonMimeType(value.MimeType) && TryParseJson(value.Value) is { } json ? json : JsonValue.Create(value.Value);
        }

        return data;
    }

    private static bool IsJsonMimeType(string mimeType) =>
        mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? TryParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string TextOf(IEnumerable<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? string.Concat(values.Select(v => v.Value));

    private static void AppendStream(JsonArray outputs, string stream, string text)
    {
        if (outputs.Count > 0 && outputs[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == stream)
        {
            last["text"] = NotebookFile.JoinText(last["text"]) + text;
        }
        else
        {
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = stream, ["text"] = text });
        }
    }

    private static void UpdateHeadline(List<(string ValueId, HeadlineValue Value)> headlines, string valueId, IEnumerable<FormattedValue> values, int cellNumber)
    {
        var json = values.FirstOrDefault(v => v.MimeType == HeadlineMimeType)?.Value;
        if (json is null)
        {
            return;
        }

        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        var headline = new HeadlineValue(
            root.GetProperty("key").GetString() ?? "",
            root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN,
            root.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String ? description.GetString() : null,
            cellNumber);
        var existing = headlines.FindIndex(h => h.ValueId == valueId);
        if (existing >= 0)
        {
            headlines[existing] = (valueId, headline with { CellNumber = headlines[existing].Value.CellNumber });
        }
        else
        {
            headlines.Add((valueId, headline));
        }
    }
}
