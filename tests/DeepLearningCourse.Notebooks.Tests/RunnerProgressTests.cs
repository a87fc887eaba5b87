namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class RunnerProgressTests
{
    [Fact]
    public async Task A_long_cell_logs_still_running_lines_naming_the_cell_and_its_code()
    {
        var folder = TestPaths.Scratch("heartbeat");
        var notebook = TestNotebooks.Write(Path.Combine(folder, "slow.ipynb"),
            TestNotebooks.Markdown("# Slow"),
            TestNotebooks.Code("// a cell that takes a while\nSystem.Threading.Thread.Sleep(1500);"));
        var log = new List<string>();
        var runner = new NotebookRunner(Path.Combine(folder, "out"), line => { lock (log) log.Add(line); }) { HeartbeatInterval = TimeSpan.FromMilliseconds(300) };

        var result = await runner.RunAsync(notebook, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error?.ToString());
        string[] lines;
        lock (log) lines = [.. log];
        var beat = lines.FirstOrDefault(l => l.Contains("cell 2/2 still running (", StringComparison.Ordinal) && l.Contains(" s, total ", StringComparison.Ordinal));
        Assert.True(beat is not null, string.Join("\n", lines));
        Assert.EndsWith(": System.Threading.Thread.Sleep(1500);", beat, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("cell 2/2 ok (", StringComparison.Ordinal));
        Assert.True(Array.FindLastIndex(lines, l => l.Contains("still running", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.Contains("cell 2/2 ok", StringComparison.Ordinal)),
            "no heartbeat after the cell finished");
    }

    [Fact]
    public async Task Running_several_notebooks_announces_each_with_its_position()
    {
        var folder = TestPaths.Scratch("positions");
        var first = TestNotebooks.Write(Path.Combine(folder, "a.ipynb"), TestNotebooks.Code("1 + 1"));
        var second = TestNotebooks.Write(Path.Combine(folder, "b.ipynb"), TestNotebooks.Code("2 + 2"));
        var log = new List<string>();

        var results = await TestPaths.Runner(Path.Combine(folder, "out"), log).RunAllAsync([first, second], TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.ToString()));
        Assert.StartsWith("[notebook 1/2, 0 s so far]", log[0], StringComparison.Ordinal);
        Assert.Single(log, l => l.StartsWith("[notebook 2/2, ", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_skips_comments_and_shortens_long_lines()
    {
        Assert.Equal("var x = 1;", NotebookRunner.Describe("// EXERCISE: x\n\n  var x = 1;\nx"));
        Assert.Equal("// only a comment", NotebookRunner.Describe("// only a comment"));
        Assert.Equal(60, NotebookRunner.Describe("var s = \"" + new string('a', 100) + "\";").Length);
    }
}
