namespace DeepLearningCourse.Cli;

/// <summary>
/// <c>dlc</c> commands: <c>run [notebooks…]</c>, <c>export [--pdf] [--student]</c>, <c>all [--pdf] [--student]</c>.
/// Exit code 0 when everything succeeded, 1 when a notebook failed, 2 for bad usage.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        dlc — run and export the DeepLearningCourse notebooks

          dlc run [notebooks...]        execute notebooks (default: notebooks/*.ipynb) into artifacts/course/executed/;
                                        name one by path, number or part of its name: dlc run 02, dlc run lstm
          dlc export [--pdf] [--student] turn executed notebooks into self-contained HTML handouts (artifacts/course/handouts/)
          dlc all [--pdf] [--student]   run, then export

          --pdf      also print each handout to PDF with headless Chromium
          --student  leave out SOLUTION cells (exercise cells stay); written to artifacts/course/student-handouts/
        """;

    /// <param name="args">Command line, e.g. <c>["all", "--pdf"]</c>.</param>
    /// <param name="output">Where progress goes (default: the console).</param>
    /// <param name="paths">Course folders (default: found from the current directory).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, CoursePaths? paths = null)
    {
        output ??= Console.Out;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        var command = args[0];
        var options = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var operands = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var known = command switch
        {
            "run" => Array.Empty<string>(),
            "export" or "all" => ["--pdf", "--student"],
            _ => null,
        };
        if (known is null)
        {
            await output.WriteLineAsync($"dlc: unknown command '{command}'{DidYouMean(command, ["run", "export", "all"])}.\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var unknown = options.Except(known).ToList();
        if (unknown.Count > 0 || (command != "run" && operands.Count > 0))
        {
            var suggestion = unknown.Count == 1 ? DidYouMean(unknown[0], known) : "";
            await output.WriteLineAsync($"dlc {command}: unexpected argument(s) {string.Join(" ", unknown.Concat(command == "run" ? [] : operands))}{suggestion}.\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        paths ??= CoursePaths.Locate();
        var pdf = options.Contains("--pdf");
        var student = options.Contains("--student");
        var exitCode = 0;
        if (command is "run" or "all")
        {
            exitCode = await RunNotebooksAsync(paths, operands, output).ConfigureAwait(false);
        }

        if (command is "export" or "all")
        {
            exitCode = Math.Max(exitCode, await ExportAsync(paths, pdf, student, output).ConfigureAwait(false));
        }

        return exitCode;
    }

    /// <summary>" (did you mean 'run'?)" when <paramref name="typed"/> is within two edits of exactly one choice, else "".</summary>
    internal static string DidYouMean(string typed, IReadOnlyList<string> choices)
    {
        var close = choices.Where(choice => EditDistance(typed, choice) <= 2).ToList();
        return close.Count == 1 ? $" (did you mean '{close[0]}'?)" : "";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions that turn one word into the other.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static async Task<int> RunNotebooksAsync(CoursePaths paths, IReadOnlyList<string> operands, TextWriter output)
    {
        var (selected, error) = NotebookSelection.Resolve(operands, paths);
        if (error is not null)
        {
            await output.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }

        var notebooks = operands.Count > 0 ? selected : paths.AllNotebooks();
        if (notebooks.Count == 0)
        {
            await output.WriteLineAsync($"dlc run: no notebooks found in {paths.Notebooks}.").ConfigureAwait(false);
            return 1;
        }

        var library = Path.Combine(paths.NotebookLibrary, "DeepLearningCourse.Interactive.dll");
        if (!File.Exists(library))
        {
            await output.WriteLineAsync(
                $"dlc run: {library} is missing; build it with `dotnet build src/DeepLearningCourse.Interactive -c Release`.").ConfigureAwait(false);
        }

        if (operands.Count == 0)
        {
            RemoveStaleExecutedCopies(paths, notebooks);
        }

        var runner = new NotebookRunner(paths.Executed, line => output.WriteLine(line), displayRoot: paths.RepositoryRoot);
        var results = await runner.RunAllAsync(notebooks).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        var nameWidth = results.Select(r => r.DisplayName.Length).DefaultIfEmpty(0).Max();
        foreach (var result in results)
        {
            await output.WriteLineAsync(
                $"{(result.Succeeded ? "ok    " : "FAILED")} {result.DisplayName.PadRight(nameWidth)} {result.Duration.TotalSeconds,6:0.0} s  {result.Headlines.Count} headline(s)").ConfigureAwait(false);
        }

        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
        {
            await output.WriteLineAsync(failure.Error!.ToString()).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"{results.Count - failures.Count}/{results.Count} notebooks ran cleanly; executed copies in {paths.Executed}").ConfigureAwait(false);
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> ExportAsync(CoursePaths paths, bool pdf, bool student, TextWriter output)
    {
        var exporter = new HandoutExporter(student, paths.NotebookLibrary);
        var folder = student ? paths.StudentHandouts : paths.Handouts;
        IReadOnlyList<Handout> handouts;
        try
        {
            handouts = exporter.ExportAll(paths.Executed, folder);
        }
        catch (Exception exception) when (exception is DirectoryNotFoundException or InvalidOperationException or InvalidDataException)
        {
            await output.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return 1;
        }

        foreach (var handout in handouts)
        {
            var size = new FileInfo(handout.HtmlPath).Length / 1024.0 / 1024.0;
            await output.WriteLineAsync($"handout {Path.GetRelativePath(paths.RepositoryRoot, handout.HtmlPath)}  {handout.ChartCount} chart(s)  {size:0.0} MB" +
                (student ? $"  {handout.DroppedSolutions} solution(s) left out" : "")).ConfigureAwait(false);
        }

        var leaking = handouts.Where(h => h.NetworkReferences.Count > 0).ToList();
        foreach (var handout in leaking)
        {
            await output.WriteLineAsync($"{handout.HtmlPath} refers to the network, so it will not work offline: {string.Join("; ", handout.NetworkReferences)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"index  {Path.GetRelativePath(paths.RepositoryRoot, Path.Combine(folder, "index.html"))}").ConfigureAwait(false);
        var chromium = pdf ? ChromiumPrinter.Locate() : null;
        if (chromium is null && exporter.RemovedOutOfDatePdfs > 0)
        {
            await output.WriteLineAsync($"removed {exporter.RemovedOutOfDatePdfs} PDF(s) printed from the previous handouts; " +
                (pdf ? "install Chromium to print them again" : "add --pdf to print them again")).ConfigureAwait(false);
        }

        if (!pdf)
        {
            return leaking.Count == 0 ? 0 : 1;
        }

        if (chromium is null)
        {
            await output.WriteLineAsync(ChromiumPrinter.NotFoundMessage).ConfigureAwait(false);
            return leaking.Count == 0 ? 0 : 1;
        }

        var printer = new ChromiumPrinter(chromium);
        var failed = 0;
        foreach (var handout in handouts)
        {
            var pdfPath = Path.ChangeExtension(handout.HtmlPath, ".pdf");
            try
            {
                await printer.PrintToPdfAsync(handout.HtmlPath, pdfPath).ConfigureAwait(false);
                await output.WriteLineAsync($"pdf     {Path.GetRelativePath(paths.RepositoryRoot, pdfPath)}").ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                failed++;
                await output.WriteLineAsync(exception.Message).ConfigureAwait(false);
            }
        }

        exporter.WriteIndex(folder, handouts); // now with a PDF link beside each printed handout
        return failed == 0 && leaking.Count == 0 ? 0 : 1;
    }

    /// <summary>A full run leaves executed copies of exactly the current notebooks (a renamed notebook's old copy would otherwise become a handout).</summary>
    private static void RemoveStaleExecutedCopies(CoursePaths paths, IReadOnlyList<string> notebooks)
    {
        if (!Directory.Exists(paths.Executed))
        {
            return;
        }

        var current = notebooks.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(paths.Executed, "*.ipynb").Concat(Directory.GetFiles(paths.Executed, "*.headlines.json")))
        {
            var name = Path.GetFileName(file);
            var stem = name.EndsWith(".headlines.json", StringComparison.Ordinal) ? name[..^".headlines.json".Length] : Path.GetFileNameWithoutExtension(name);
            if (!current.Contains(stem))
            {
                File.Delete(file);
            }
        }
    }
}
