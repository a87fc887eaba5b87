using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>The runner with the real notebook library (artifacts/notebook-lib): formatters, charts, exercises, headlines.</summary>
[Collection(NotebookCollection.Name)]
public sealed class InteractiveLibraryTests
{
    [Fact]
    public async Task Formatters_charts_exercises_and_headlines_work_in_the_runner_process()
    {
        var result = await TestPaths.Runner(TestPaths.Scratch("library")).RunAsync(TestPaths.Fixture("interactive-library.ipynb"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(42, result.Headline("fixture.library.answer"));
        Assert.Equal("recorded with Headline.Record", result.Headlines.Single().Description);
        var cells = NotebookFile.Load(result.ExecutedPath).Cells;
        string Html(int cell) => NotebookFile.JoinText(cells[cell - 1].Outputs.OfType<JsonObject>().Single()["data"]!["text/html"]);
        Assert.Contains("<b>Tensor</b> [2, 3]", Html(3), StringComparison.Ordinal);
        Assert.NotNull(PlotlyScript.FindInHtml(Html(4)));
        Assert.Null(PlotlyScript.FindInHtml(Html(5)));
        Assert.NotNull(cells[3].Outputs.OfType<JsonObject>().Single()["data"]![HandoutExporter.PlotlyMimeType]);
        Assert.Contains("Plotly.newPlot", Html(6), StringComparison.Ordinal);
        Assert.Contains("0.2", Html(6), StringComparison.Ordinal);
        Assert.Contains("✔ sum: correct", Html(10), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notebook_library_is_loaded_once_from_artifacts_notebook_lib()
    {
        await TestPaths.Runner(TestPaths.Scratch("library-once")).RunAsync(TestPaths.Fixture("interactive-library.ipynb"), TestContext.Current.CancellationToken);
        await TestPaths.Runner(TestPaths.Scratch("library-twice")).RunAsync(TestPaths.Fixture("interactive-library.ipynb"), TestContext.Current.CancellationToken);

        foreach (var name in new[] { "DeepLearningCourse.Engine", "DeepLearningCourse.Interactive", "Plotly.NET" })
        {
            var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == name).ToList();
            var assembly = Assert.Single(loaded);
            Assert.Equal(Path.Combine(TestPaths.Course.NotebookLibrary, name + ".dll"), assembly.Location);
        }
    }

    [Fact]
    public async Task A_wrong_exercise_answer_fails_the_run_because_exercises_are_strict()
    {
        var result = await TestPaths.Runner(TestPaths.Scratch("strict")).RunAsync(TestPaths.Fixture("strict-exercise.ipynb"), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Error!.CellNumber);
        Assert.Equal("tests/DeepLearningCourse.Notebooks.Tests/Fixtures/strict-exercise.ipynb, cell 2: ExerciseFailedException: ✘ always-wrong: not yet — the fixture answers wrongly on purpose",
            result.Error.ToString());
    }
}
