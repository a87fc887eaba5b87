using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>The course's own notebooks (notebooks/*.ipynb): committed clean, following the contract, and running.</summary>
[Collection(NotebookCollection.Name)]
public sealed class RepositoryNotebookTests
{
    /// <summary>The notebook contract's first code cell.</summary>
    public const string SetupCell = """
        #r "../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll"
        using DeepLearningCourse.Engine;
        using DeepLearningCourse.Interactive;
        Course.Setup();
        """;

    private static IReadOnlyList<string> Notebooks()
    {
        var notebooks = TestPaths.Course.AllNotebooks();
        if (notebooks.Count == 0)
        {
            Assert.Skip($"no notebooks in {TestPaths.Course.Notebooks} yet");
        }

        return notebooks;
    }

    [Fact]
    public void Notebooks_are_committed_without_outputs()
    {
        var withOutputs = CellsWithOutputs(Notebooks());

        Assert.True(withOutputs.Count == 0,
            $"Notebooks must be committed without outputs; clear them (VS Code: \"Clear All Outputs\") in: {string.Join(", ", withOutputs)}");
    }

    [Fact]
    public void The_output_check_catches_an_executed_notebook()
    {
        var executed = TestNotebooks.Write(Path.Combine(TestPaths.Scratch("outputs"), "01-run.ipynb"),
            TestNotebooks.Markdown("# Run"),
            TestNotebooks.Code("1 + 1", TestNotebooks.Display(("text/plain", "2"))));

        Assert.Equal(["01-run.ipynb cell 2"], CellsWithOutputs([executed]));
        Assert.Empty(CellsWithOutputs([TestPaths.Fixture("lecture.ipynb")]));
    }

    /// <summary>"name cell N" for every code cell that has outputs or an execution count.</summary>
    private static List<string> CellsWithOutputs(IEnumerable<string> notebooks) =>
        notebooks.Select(NotebookFile.Load)
            .SelectMany(n => n.Cells.Where(c => c.HasOutputs || c.Node["execution_count"] is JsonValue).Select(c => $"{Path.GetFileName(n.Path)} cell {c.Number}"))
            .ToList();

    [Fact]
    public void Notebooks_follow_the_contract()
    {
        var problems = new List<string>();
        foreach (var notebook in Notebooks().Select(NotebookFile.Load))
        {
            var name = Path.GetFileName(notebook.Path);
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^\d\d-[a-z0-9-]+\.ipynb$"))
            {
                problems.Add($"{name}: name it NN-name.ipynb (two digits, lower-case words with dashes)");
            }

            if (notebook.Root["metadata"]?["kernelspec"]?["name"]?.GetValue<string>() != ".net-csharp")
            {
                problems.Add($"{name}: metadata.kernelspec.name must be .net-csharp");
            }

            if (notebook.Root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() != "csharp")
            {
                problems.Add($"{name}: metadata.polyglot_notebook.kernelInfo.defaultKernelName must be csharp");
            }

            var code = notebook.Cells.Where(c => c.Kind == NotebookCellKind.Code).ToList();
            if (code.Count == 0 || code[0].Source.TrimEnd() != SetupCell)
            {
                problems.Add($"{name}: the first code cell must be exactly the setup cell:\n{SetupCell}");
            }

            problems.AddRange(code.Where(c => c.Node["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>() != "csharp")
                .Select(c => $"{name} cell {c.Number}: metadata.polyglot_notebook.kernelName must be csharp"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_notebook_runs_without_errors_in_under_60_seconds_and_exports_self_contained()
    {
        var notebooks = Notebooks();
        var library = Path.Combine(TestPaths.Course.NotebookLibrary, "DeepLearningCourse.Interactive.dll");
        Assert.True(File.Exists(library), $"{library} is missing; build it with `dotnet build src/DeepLearningCourse.Interactive -c Release`.");
        var scratch = TestPaths.Scratch("repository");
        // Shared with the lecture tests (Lectures/), so each notebook executes once per test run.
        var results = new List<NotebookRunResult>();
        foreach (var notebook in notebooks)
        {
            results.Add(await CourseNotebookRuns.GetAsync(Path.GetFileNameWithoutExtension(notebook)));
        }

        foreach (var result in results)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{result.DisplayName}: {result.Duration.TotalSeconds:0.0} s, {result.CodeCellsRun} code cells, headlines: " +
                string.Join(", ", result.Headlines.Select(h => $"{h.Key}={h.Value:G4}")));
        }

        Assert.All(results, result => Assert.True(result.Succeeded, result.Error?.ToString()));
        Assert.All(results, result => Assert.True(result.Duration < TimeSpan.FromSeconds(60),
            $"{result.DisplayName} took {result.Duration.TotalSeconds:0.0} s; notebooks must run in under 60 s (train for fewer steps or on a smaller subset)"));

        var exporter = new HandoutExporter(student: false, TestPaths.Course.NotebookLibrary);
        var handouts = results.Select(r => exporter.Export(r.ExecutedPath,
            Path.Combine(scratch, Path.GetFileNameWithoutExtension(r.ExecutedPath) + ".html"))).ToList();
        foreach (var handout in handouts)
        {
            var html = await File.ReadAllTextAsync(handout.HtmlPath, TestContext.Current.CancellationToken);
            Assert.Empty(handout.NetworkReferences);
            Assert.Equal(ExportTests.ChartOutputs(handout.NotebookPath), handout.ChartCount);
            Assert.Equal(handout.ChartCount, System.Text.RegularExpressions.Regex.Count(html, "<div class=\"output chart"));
            Assert.Equal(handout.ChartCount > 0 ? 1 : 0, System.Text.RegularExpressions.Regex.Count(html, "id=\"dlc-plotly-js\""));
        }
    }
}
