namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class StudentEditionTests
{
    [Fact]
    public async Task Dlc_export_student_writes_its_own_folder_and_leaves_the_full_handouts_alone()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("student-folder"));
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-exercise.ipynb"),
            TestNotebooks.Markdown("# Exercise"),
            TestNotebooks.Code("// EXERCISE: answer\nstring answer = \"exercise-marker\";"),
            TestNotebooks.Code("// SOLUTION: answer\nanswer = \"solution-marker\";"));
        using var output = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(["export"], output, scratch));
        Assert.Equal(0, await CommandLine.RunAsync(["export", "--student"], output, scratch));

        var full = File.ReadAllText(Path.Combine(scratch.Handouts, "01-exercise.html"));
        var student = File.ReadAllText(Path.Combine(scratch.StudentHandouts, "01-exercise.html"));
        Assert.Contains("solution-marker", full, StringComparison.Ordinal);
        Assert.DoesNotContain("solution-marker", student, StringComparison.Ordinal);
        Assert.Contains("exercise-marker", student, StringComparison.Ordinal);
        Assert.Contains("Student edition", File.ReadAllText(Path.Combine(scratch.StudentHandouts, "index.html")), StringComparison.Ordinal);
        Assert.Contains("artifacts/course/student-handouts/index.html", output.ToString().Replace('\\', '/'), StringComparison.Ordinal);
    }
}
