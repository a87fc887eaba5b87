namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>
/// Every test that runs a kernel or exports belongs here: .NET Interactive's formatter table, the current directory and
/// environment variables are process-wide, so these tests must not run in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks (not parallel)";
}
