namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>Runs the lecture fixtures once and exports them twice (full and student edition) for the export tests.</summary>
public sealed class ExecutedFixtures : IAsyncLifetime
{
    public string Root { get; } = TestPaths.Scratch("export");

    public string Executed => Path.Combine(Root, "executed");

    public string Handouts => Path.Combine(Root, "handouts");

    public string StudentHandouts => Path.Combine(Root, "student");

    public IReadOnlyList<NotebookRunResult> Runs { get; private set; } = [];

    public IReadOnlyList<Handout> Full { get; private set; } = [];

    public IReadOnlyList<Handout> Student { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Runs = await TestPaths.Runner(Executed).RunAllAsync(
            [TestPaths.Fixture("lecture.ipynb"), TestPaths.Fixture("interactive-library.ipynb")]);
        Full = new HandoutExporter(student: false, TestPaths.Course.NotebookLibrary).ExportAll(Executed, Handouts);
        Student = new HandoutExporter(student: true, TestPaths.Course.NotebookLibrary).ExportAll(Executed, StudentHandouts);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Handout FullHandout(string name) => Full.Single(h => Path.GetFileName(h.HtmlPath) == name);

    public Handout StudentHandout(string name) => Student.Single(h => Path.GetFileName(h.HtmlPath) == name);
}
