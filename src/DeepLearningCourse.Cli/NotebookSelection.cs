namespace DeepLearningCourse.Cli;

/// <summary>
/// Turns what a user typed after <c>dlc run</c> into notebook files: a path, or a lecture's number or part of its name
/// (<c>02</c>, <c>xor</c>, <c>lstm</c>), looked up among <c>notebooks/*.ipynb</c>.
/// </summary>
public static class NotebookSelection
{
    /// <summary>
    /// The notebook each operand names, as full paths in the order given; or, when one names none or several, a
    /// message saying which and what the lectures are.
    /// </summary>
    public static (IReadOnlyList<string> Notebooks, string? Error) Resolve(IReadOnlyList<string> operands, CoursePaths paths)
    {
        ArgumentNullException.ThrowIfNull(operands);
        ArgumentNullException.ThrowIfNull(paths);
        var lectures = paths.AllNotebooks();
        var chosen = new List<string>();
        foreach (var operand in operands)
        {
            if (File.Exists(operand))
            {
                chosen.Add(Path.GetFullPath(operand));
                continue;
            }

            var matches = Matches(operand, lectures);
            if (matches.Count == 1)
            {
                chosen.Add(matches[0]);
                continue;
            }

            var names = string.Join(", ", lectures.Select(Path.GetFileNameWithoutExtension));
            return ([], matches.Count == 0
                ? $"dlc run: no notebook '{operand}': not a file (paths are relative to {Environment.CurrentDirectory}) and no lecture's name contains it. Lectures: {names}."
                : $"dlc run: '{operand}' matches {matches.Count} lectures ({string.Join(", ", matches.Select(Path.GetFileNameWithoutExtension))}); give more of the name.");
        }

        return (chosen, null);
    }

    /// <summary>
    /// Lectures named exactly <paramref name="operand"/> (with or without .ipynb), else those whose number it is
    /// (<c>2</c> or <c>02</c> for 02-xor), else those whose name contains it, ignoring case.
    /// </summary>
    private static List<string> Matches(string operand, IReadOnlyList<string> lectures)
    {
        string wanted = Path.GetFileNameWithoutExtension(operand.TrimEnd('/', '\\'));
        if (wanted.Length == 0) return [];
        var exact = lectures.Where(path => string.Equals(Path.GetFileNameWithoutExtension(path), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0) return exact;
        if (int.TryParse(wanted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            return lectures.Where(path => NumberOf(Path.GetFileNameWithoutExtension(path)) == number).ToList();
        }

        return lectures.Where(path => Path.GetFileNameWithoutExtension(path).Contains(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The lecture number in front of a name such as <c>02-xor</c>, or −1.</summary>
    private static int NumberOf(string name)
    {
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number)
            ? number
            : -1;
    }
}
