namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>
/// Runs each course notebook (notebooks/NAME.ipynb) at most once per test process and shares the result, so the
/// "every notebook executes" test and each lecture's headline tests do not execute a notebook twice.
/// Callers must be in <see cref="NotebookCollection"/> (runs are process-wide and sequential).
/// </summary>
internal static class CourseNotebookRuns
{
    private static readonly Dictionary<string, Task<NotebookRunResult>> s_runs = new(StringComparer.Ordinal);
    private static readonly Lock s_gate = new();

    /// <summary>Every notebook name in notebooks/, without extension, in file order.</summary>
    public static IEnumerable<string> Names =>
        Directory.GetFiles(Path.Combine(TestPaths.Course.RepositoryRoot, "notebooks"), "*.ipynb")
            .Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order(StringComparer.Ordinal);

    /// <summary>The result of running notebooks/<paramref name="name"/>.ipynb (e.g. "02-xor"), running it on first use.</summary>
    public static Task<NotebookRunResult> GetAsync(string name)
    {
        lock (s_gate)
        {
            if (!s_runs.TryGetValue(name, out var run))
            {
                run = RunAsync(name);
                s_runs[name] = run;
            }
            return run;
        }
    }

    /// <summary>Runs the notebook and fails the calling test with the notebook, cell and error when a cell throws.</summary>
    public static async Task<NotebookRunResult> SucceededAsync(string name)
    {
        var result = await GetAsync(name);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result;
    }

    private static Task<NotebookRunResult> RunAsync(string name)
    {
        var path = Path.Combine(TestPaths.Course.RepositoryRoot, "notebooks", name + ".ipynb");
        Assert.True(File.Exists(path), $"No notebook {path}");
        return TestPaths.Runner(TestPaths.Scratch("course-" + name)).RunAsync(path, CancellationToken.None);
    }
}
