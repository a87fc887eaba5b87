namespace DeepLearningCourse.Engine;

/// <summary>
/// Finds the repository's <c>data/</c> folder from wherever code runs: a notebook (current directory = the
/// notebook's folder), a test (the build output folder) or a program. Walks up from the start directory to the first
/// folder that contains <c>data/fashion-mnist/</c>, or a <c>data/</c> folder next to a <c>.git</c> entry.
/// </summary>
public static class DataDirectory
{
    /// <summary>The full path of the <c>data</c> folder, or a <see cref="DirectoryNotFoundException"/> naming where it looked.</summary>
    /// <param name="startDirectory">Where to start; null tries the current directory, then the application's base directory.</param>
    public static string Find(string? startDirectory = null)
    {
        var starts = startDirectory is null
            ? new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            : new[] { startDirectory };
        foreach (var start in starts)
        {
            if (TryFind(start, out string found)) return found;
        }
        throw new DirectoryNotFoundException(
            $"DataDirectory: no data/ folder (with data/fashion-mnist/ or next to .git) in {string.Join(" or ", starts.Select(Path.GetFullPath))} or any parent. " +
            "Run from inside the repository, or pass the path of its data/ folder explicitly.");
    }

    /// <summary>Walks up from <paramref name="startDirectory"/>; true with the data folder's full path when found.</summary>
    public static bool TryFind(string startDirectory, out string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(Path.Combine(candidate, FashionMnist.FolderName)) ||
                (Directory.Exists(candidate) && Path.Exists(Path.Combine(dir.FullName, ".git"))))
            {
                dataDirectory = candidate;
                return true;
            }
        }
        dataDirectory = "";
        return false;
    }
}
