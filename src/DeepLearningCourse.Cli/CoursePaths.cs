namespace DeepLearningCourse.Cli;

/// <summary>The repository's course folders: notebooks/, artifacts/notebook-lib/, artifacts/course/executed|handouts|student-handouts/.</summary>
public sealed class CoursePaths
{
    /// <param name="repositoryRoot">The folder holding DeepLearningCourse.sln.</param>
    public CoursePaths(string repositoryRoot)
    {
        RepositoryRoot = Path.GetFullPath(repositoryRoot);
    }

    public string RepositoryRoot { get; }

    public string Notebooks => Path.Combine(RepositoryRoot, "notebooks");

    public string NotebookLibrary => Path.Combine(RepositoryRoot, "artifacts", "notebook-lib");

    public string Executed => Path.Combine(RepositoryRoot, "artifacts", "course", "executed");

    public string Handouts => Path.Combine(RepositoryRoot, "artifacts", "course", "handouts");

    /// <summary>The student edition (<c>--student</c>, no SOLUTION cells) goes to its own folder, so it never overwrites the full handouts.</summary>
    public string StudentHandouts => Path.Combine(RepositoryRoot, "artifacts", "course", "student-handouts");

    /// <summary>notebooks/*.ipynb in name order (NN- prefixes give lecture order).</summary>
    public IReadOnlyList<string> AllNotebooks() =>
        Directory.Exists(Notebooks)
            ? Directory.GetFiles(Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Finds the repository root by walking up from <paramref name="start"/> (default: current directory, then the executable's folder).</summary>
    public static CoursePaths Locate(string? start = null)
    {
        foreach (var candidate in start is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : new[] { start })
        {
            for (var folder = new DirectoryInfo(candidate); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DeepLearningCourse.sln")))
                {
                    return new CoursePaths(folder.FullName);
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"dlc: no DeepLearningCourse.sln above '{start ?? Environment.CurrentDirectory}'; run dlc from inside the repository.");
    }
}
