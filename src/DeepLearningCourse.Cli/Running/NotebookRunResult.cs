namespace DeepLearningCourse.Cli;

/// <summary>What happened when one notebook was executed by <see cref="NotebookRunner"/>.</summary>
/// <param name="NotebookPath">The notebook as given (full path).</param>
/// <param name="DisplayName">The path students see in messages (relative to the repository root where possible).</param>
/// <param name="ExecutedPath">Where the executed copy (with outputs) was written.</param>
/// <param name="Duration">Wall time from kernel start to the last cell.</param>
/// <param name="CellCount">All cells of the notebook, markdown included.</param>
/// <param name="CodeCellsRun">Code cells that were submitted (including the failing one).</param>
/// <param name="Error">The first failing cell, or null when every cell ran.</param>
/// <param name="Headlines">Headline numbers the notebook recorded, in display order (final value of each display).</param>
public sealed record NotebookRunResult(
    string NotebookPath,
    string DisplayName,
    string ExecutedPath,
    TimeSpan Duration,
    int CellCount,
    int CodeCellsRun,
    NotebookCellError? Error,
    IReadOnlyList<HeadlineValue> Headlines)
{
    /// <summary>True when every code cell ran without an error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value recorded under <paramref name="key"/>; throws naming the keys that exist when it is missing.</summary>
    public double Headline(string key)
    {
        foreach (var headline in Headlines)
        {
            if (headline.Key == key)
            {
                return headline.Value;
            }
        }

        var known = Headlines.Count == 0 ? "none" : string.Join(", ", Headlines.Select(h => h.Key));
        throw new KeyNotFoundException($"{DisplayName} recorded no headline '{key}'; recorded: {known}.");
    }
}

/// <summary>The first cell that failed in a notebook run.</summary>
/// <param name="Notebook">The notebook's display name, e.g. <c>notebooks/02-xor.ipynb</c>.</param>
/// <param name="CellNumber">1-based position of the cell among all cells (markdown included), as counted in the editor.</param>
/// <param name="Message">The kernel's error message (compiler diagnostics or the exception).</param>
public sealed record NotebookCellError(string Notebook, int CellNumber, string Message)
{
    /// <summary>"notebooks/02-xor.ipynb, cell 7: message".</summary>
    public override string ToString() => $"{Notebook}, cell {CellNumber}: {Message}";
}

/// <summary>A number a notebook recorded with <c>Headline.Record</c> (mime type <c>application/vnd.dlc.headline+json</c>).</summary>
/// <param name="Key">Stable name, e.g. <c>xor.final_loss</c>.</param>
/// <param name="Value">The recorded value.</param>
/// <param name="Description">Optional human description.</param>
/// <param name="CellNumber">1-based cell position that recorded it.</param>
public sealed record HeadlineValue(string Key, double Value, string? Description, int CellNumber);
