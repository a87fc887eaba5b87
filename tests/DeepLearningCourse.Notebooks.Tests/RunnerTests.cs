using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class RunnerTests
{
    private const string ThrowingCell = "tests/DeepLearningCourse.Notebooks.Tests/Fixtures/throwing-cell.ipynb";

    [Fact]
    public async Task A_throwing_cell_is_reported_with_notebook_and_cell_number()
    {
        var output = TestPaths.Scratch("throwing");
        var result = await TestPaths.Runner(output).RunAsync(TestPaths.Fixture("throwing-cell.ipynb"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(5, result.Error!.CellNumber);
        Assert.Equal($"{ThrowingCell}, cell 5: InvalidOperationException: boom from the fixture", result.Error.ToString());
        Assert.Equal(3, result.CodeCellsRun);
    }

    [Fact]
    public async Task A_failing_cell_stops_the_notebook_and_the_executed_copy_shows_the_error()
    {
        var output = TestPaths.Scratch("throwing-copy");
        var result = await TestPaths.Runner(output).RunAsync(TestPaths.Fixture("throwing-cell.ipynb"), TestContext.Current.CancellationToken);

        var executed = NotebookFile.Load(result.ExecutedPath);
        var stdout = Assert.Single(executed.Cells[2].Outputs);
        Assert.Equal("answer = 42\n", NotebookFile.JoinText(stdout!["text"]));
        var error = Assert.Single(executed.Cells[4].Outputs);
        Assert.Equal("error", error!["output_type"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.False(executed.Cells[5].HasOutputs);
        Assert.Null(executed.Cells[5].Node["execution_count"]);
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_and_the_compiler_diagnostic()
    {
        var result = await TestPaths.Runner(TestPaths.Scratch("compile")).RunAsync(TestPaths.Fixture("compile-error.ipynb"), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Error!.CellNumber);
        Assert.StartsWith("tests/DeepLearningCourse.Notebooks.Tests/Fixtures/compile-error.ipynb, cell 2: ", result.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("CS0103", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("undefinedName", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_saved_outside_the_notebooks_folder_is_told_where_to_keep_it()
    {
        // A student's copy of a lecture in a folder with no ../artifacts/notebook-lib beside it.
        string folder = TestPaths.Scratch("moved-copy");
        string copy = Path.Combine(folder, "my-02-xor.ipynb");
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(TestNotebooks.Code("#r \"../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll\"\nusing DeepLearningCourse.Engine;")),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        await File.WriteAllTextAsync(copy, notebook.ToJsonString(), TestContext.Current.CancellationToken);

        var result = await TestPaths.Runner(TestPaths.Scratch("moved-copy-out")).RunAsync(copy, TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Error!.CellNumber);
        Assert.Contains("CS0006", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("relative to their own folder", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Path.GetDirectoryName(folder)!, "artifacts", "notebook-lib") + " does not exist", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("notebooks/my-02-xor.ipynb", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_hint_is_added_only_to_a_missing_course_library()
    {
        string folder = TestPaths.Scratch("hint");
        string notebook = Path.Combine(folder, "notebooks", "x.ipynb");
        string missing = "(1,1): error CS0006: Metadata file '../artifacts/notebook-lib/DeepLearningCourse.Interactive.dll' could not be found";

        Assert.Equal("(1,1): error CS0103: The name 'x' does not exist", NotebookRunner.WithLibraryHint("(1,1): error CS0103: The name 'x' does not exist", notebook));
        Assert.Contains("does not exist: save your copy", NotebookRunner.WithLibraryHint(missing, notebook), StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(folder, "artifacts", "notebook-lib"));
        Assert.Contains("exists but lacks that file: rebuild it with `dotnet build src/DeepLearningCourse.Interactive -c Release`",
            NotebookRunner.WithLibraryHint(missing, notebook), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headlines_are_collected_with_the_final_value_of_each_display()
    {
        var output = TestPaths.Scratch("headlines");
        var result = await TestPaths.Runner(output).RunAsync(TestPaths.Fixture("headlines.ipynb"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["fixture.answer", "fixture.loss", "fixture.diverged"], result.Headlines.Select(h => h.Key));
        Assert.True(double.IsNaN(result.Headline("fixture.diverged")));
        Assert.Equal(42, result.Headline("fixture.answer"));
        Assert.Equal("the answer", result.Headlines[0].Description);
        Assert.Equal(0.125, result.Headline("fixture.loss"));
        Assert.Equal(4, result.Headlines[1].CellNumber);
        var missing = Assert.Throws<KeyNotFoundException>(() => result.Headline("fixture.nope"));
        Assert.Contains("fixture.answer, fixture.loss, fixture.diverged", missing.Message, StringComparison.Ordinal);

        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "headlines.headlines.json"), TestContext.Current.CancellationToken));
        var saved = file.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!,
            e => e.GetProperty("value").ValueKind == JsonValueKind.String ? double.Parse(e.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetProperty("value").GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["fixture.answer"] = 42, ["fixture.loss"] = 0.125, ["fixture.diverged"] = double.NaN }, saved);
    }

    [Fact]
    public async Task A_live_display_keeps_only_its_final_value()
    {
        var result = await TestPaths.Runner(TestPaths.Scratch("live")).RunAsync(TestPaths.Fixture("headlines.ipynb"), TestContext.Current.CancellationToken);

        var cell = NotebookFile.Load(result.ExecutedPath).Cells[3];
        var display = Assert.Single(cell.Outputs);
        Assert.Equal("fixture.loss = 0.125", NotebookFile.JoinText(display!["data"]!["text/plain"]));
        Assert.Equal(0.125, display["data"]![NotebookRunner.HeadlineMimeType]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task Cells_run_in_the_notebook_folder_with_strict_exercises_and_the_process_state_is_restored()
    {
        var before = Environment.CurrentDirectory;
        var result = await TestPaths.Runner(TestPaths.Scratch("environment")).RunAsync(TestPaths.Fixture("environment.ipynb"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var printed = NotebookFile.JoinText(NotebookFile.Load(result.ExecutedPath).Cells[0].Outputs[0]!["text"]).Split('\n');
        Assert.Equal(TestPaths.Fixtures, printed[0]);
        Assert.Equal("1", printed[1]);
        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.Null(Environment.GetEnvironmentVariable(NotebookRunner.StrictExercisesVariable));
    }

    [Fact]
    public async Task Dlc_run_prints_progress_and_the_error_and_exits_non_zero_but_runs_the_other_notebooks()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("cli-run"));
        using var output = new StringWriter();
        var exitCode = await CommandLine.RunAsync(
            ["run", TestPaths.Fixture("throwing-cell.ipynb"), TestPaths.Fixture("headlines.ipynb")], output, scratch);

        var text = output.ToString();
        Assert.Equal(1, exitCode);
        Assert.Contains("throwing-cell.ipynb, cell 5: InvalidOperationException: boom from the fixture", text, StringComparison.Ordinal);
        Assert.Contains("headlines.ipynb: cell 5/5 ok", text, StringComparison.Ordinal);
        Assert.Contains("1/2 notebooks ran cleanly", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(scratch.Executed, "headlines.ipynb")));
    }

    [Fact]
    public async Task Dlc_rejects_unknown_commands_options_and_missing_notebooks()
    {
        using var output = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["publish"], output, TestPaths.Course));
        Assert.Equal(2, await CommandLine.RunAsync(["export", "--pfd"], output, TestPaths.Course));
        Assert.Equal(2, await CommandLine.RunAsync(["runn"], output, TestPaths.Course));
        Assert.Contains("unknown command 'publish'.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown command 'runn' (did you mean 'run'?)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("unexpected argument(s) --pfd (did you mean '--pdf'?)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CommandLine.RunAsync(["run", "notebooks/99-missing.ipynb"], output, TestPaths.Course));
        Assert.Contains("dlc run: no notebook 'notebooks/99-missing.ipynb': not a file", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Lectures: 00-welcome, 01-computational-graphs, 02-xor,", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dlc_run_finds_a_lecture_by_number_or_part_of_its_name()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("select"));
        Directory.CreateDirectory(scratch.Notebooks);
        foreach (var name in new[] { "01-lecture", "02-xor", "11-lstm-gru", "12-attention" })
            TestNotebooks.Write(Path.Combine(scratch.Notebooks, name + ".ipynb"), TestNotebooks.Markdown("# " + name));
        string Only(string operand)
        {
            var (notebooks, error) = NotebookSelection.Resolve([operand], scratch);
            Assert.Null(error);
            return Path.GetFileName(Assert.Single(notebooks));
        }

        Assert.Equal("02-xor.ipynb", Only("2"));
        Assert.Equal("02-xor.ipynb", Only("02"));
        Assert.Equal("02-xor.ipynb", Only("XOR"));
        Assert.Equal("11-lstm-gru.ipynb", Only("lstm"));
        Assert.Equal("12-attention.ipynb", Only("12-attention.ipynb"));
        Assert.Equal("01-lecture.ipynb", Only(Path.Combine(scratch.Notebooks, "01-lecture.ipynb")));

        var (none, ambiguous) = NotebookSelection.Resolve(["t"], scratch);
        Assert.Empty(none);
        Assert.Equal("dlc run: 't' matches 3 lectures (01-lecture, 11-lstm-gru, 12-attention); give more of the name.", ambiguous);
        var (_, missing) = NotebookSelection.Resolve(["02", "gan"], scratch);
        Assert.StartsWith("dlc run: no notebook 'gan'", missing, StringComparison.Ordinal);
        Assert.EndsWith("Lectures: 01-lecture, 02-xor, 11-lstm-gru, 12-attention.", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_notebook_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            TestPaths.Runner(TestPaths.Scratch("missing")).RunAsync("no-such-notebook.ipynb", TestContext.Current.CancellationToken));
        Assert.Contains("no-such-notebook.ipynb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dlc_all_runs_every_notebook_then_exports_the_student_edition_and_drops_stale_copies()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("cli-all"));
        Directory.CreateDirectory(scratch.Notebooks);
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-renamed-away.ipynb"), TestNotebooks.Markdown("# Old"));
        Directory.CreateDirectory(scratch.StudentHandouts);
        await File.WriteAllTextAsync(Path.Combine(scratch.StudentHandouts, "01-renamed-away.pdf"), "%PDF stale", TestContext.Current.CancellationToken);
        File.Copy(TestPaths.Fixture("lecture.ipynb"), Path.Combine(scratch.Notebooks, "01-lecture.ipynb"));
        File.Copy(TestPaths.Fixture("headlines.ipynb"), Path.Combine(scratch.Notebooks, "02-headlines.ipynb"));
        using var output = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["all", "--student"], output, scratch);

        Assert.Equal(0, exitCode);
        Assert.Contains("2/2 notebooks ran cleanly", output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(scratch.Executed, "02-headlines.headlines.json")));
        var handout = await File.ReadAllTextAsync(Path.Combine(scratch.StudentHandouts, "01-lecture.html"), TestContext.Current.CancellationToken);
        Assert.Contains("// EXERCISE: mean-loss", handout, StringComparison.Ordinal);
        Assert.DoesNotContain("// SOLUTION: mean-loss", handout, StringComparison.Ordinal);
        var index = await File.ReadAllTextAsync(Path.Combine(scratch.StudentHandouts, "index.html"), TestContext.Current.CancellationToken);
        Assert.Contains("02-headlines.html", index, StringComparison.Ordinal);
        Assert.Equal(["01-lecture.html", "02-headlines.html", "index.html"], Directory.GetFiles(scratch.StudentHandouts).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(scratch.Executed, "01-renamed-away.ipynb")));
        Assert.False(Directory.Exists(scratch.Handouts), "the student edition must not write over the full handouts");
    }

    [Fact]
    public async Task A_cell_that_runs_past_the_timeout_fails_with_a_clear_message()
    {
        var scratch = TestPaths.Scratch("timeout");
        var notebook = Path.Combine(scratch, "01-slow.ipynb");
        var json = (await File.ReadAllTextAsync(TestPaths.Fixture("compile-error.ipynb"), TestContext.Current.CancellationToken))
            .Replace("int y = undefinedName + 1;", "System.Threading.Thread.Sleep(20_000);", StringComparison.Ordinal);
        await File.WriteAllTextAsync(notebook, json, TestContext.Current.CancellationToken);
        // A cold kernel's first cell can take seconds (Roslyn loading); warm it so only the slow cell meets the timeout.
        await TestPaths.Runner(Path.Combine(scratch, "warm-up")).RunAsync(TestPaths.Fixture("environment.ipynb"), TestContext.Current.CancellationToken);
        var runner = new NotebookRunner(Path.Combine(scratch, "executed"), cellTimeout: TimeSpan.FromSeconds(3));

        var result = await runner.RunAsync(notebook, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Error!.CellNumber);
        Assert.Contains("did not finish within 3 s", result.Error.Message, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(15), $"the runner waited {result.Duration.TotalSeconds:0.0} s for a cell it should have abandoned after 3 s");
    }

    [Fact]
    public async Task A_nuget_reference_is_refused_with_the_contract_s_alternative()
    {
        var scratch = TestPaths.Scratch("nuget");
        var notebook = Path.Combine(scratch, "01-nuget.ipynb");
        var json = (await File.ReadAllTextAsync(TestPaths.Fixture("compile-error.ipynb"), TestContext.Current.CancellationToken))
            .Replace("int y = undefinedName + 1;", "#r \\\"nuget: MathNet.Numerics, 5.0.0\\\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(notebook, json, TestContext.Current.CancellationToken);

        var result = await TestPaths.Runner(Path.Combine(scratch, "executed")).RunAsync(notebook, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Error!.CellNumber);
        Assert.Contains("#r \"nuget:…\" is not supported by the headless runner", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("artifacts/notebook-lib/DeepLearningCourse.Interactive.dll", result.Error.Message, StringComparison.Ordinal);
    }
}
