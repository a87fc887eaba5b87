namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>Repository folders and a scratch folder per test run (never artifacts/course, which belongs to `dlc`).</summary>
internal static class TestPaths
{
    public static CoursePaths Course { get; } = CoursePaths.Locate(AppContext.BaseDirectory);

    public static string Fixtures => Path.Combine(Course.RepositoryRoot, "tests", "DeepLearningCourse.Notebooks.Tests", "Fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    /// <summary>A fresh folder under the system temp folder.</summary>
    public static string Scratch(string purpose) => Directory.CreateTempSubdirectory($"dlc-tests-{purpose}-").FullName;

    public static NotebookRunner Runner(string outputDirectory, List<string>? log = null) =>
        new(outputDirectory, log is null ? null : log.Add, displayRoot: Course.RepositoryRoot);
}
