using System.Diagnostics;

namespace DeepLearningCourse.Cli;

/// <summary>
/// Prints handouts to PDF (and takes screenshots) with headless Chromium, offline: no network, fresh profile,
/// a virtual-time budget so charts and math finish drawing first. Handouts are opened with <c>?print</c>, which makes
/// the page turn 3-D (WebGL) charts into images, since WebGL canvases print blank.
/// </summary>
public sealed class ChromiumPrinter
{
    /// <summary>The message printed when no browser is found.</summary>
    public const string NotFoundMessage = "PDF skipped: Chromium not found; install it with `apt-get install chromium`";

    private readonly TimeSpan timeout;

    /// <param name="executable">Path of chromium / chromium-browser / google-chrome.</param>
    /// <param name="timeout">Per page; default 2 minutes.</param>
    public ChromiumPrinter(string executable, TimeSpan? timeout = null)
    {
        Executable = executable;
        this.timeout = timeout ?? TimeSpan.FromMinutes(2);
    }

    public string Executable { get; }

    /// <summary>The browser named by DLC_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH; null if none.</summary>
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("DLC_CHROMIUM");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
        {
            foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/> (A4, no header/footer).</summary>
    public Task PrintToPdfAsync(string htmlPath, string pdfPath, CancellationToken cancellationToken = default) =>
        RunAsync(htmlPath, pdfPath, ["--no-pdf-header-footer", $"--print-to-pdf={Path.GetFullPath(pdfPath)}"], cancellationToken);

    /// <summary>Saves a PNG of the page's first <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public Task ScreenshotAsync(string htmlPath, string pngPath, int width = 1200, int height = 2400, CancellationToken cancellationToken = default) =>
        RunAsync(htmlPath, pngPath, [$"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={Path.GetFullPath(pngPath)}"], cancellationToken);

    private async Task RunAsync(string htmlPath, string outputPath, string[] mode, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("dlc-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                         "--enable-unsafe-swiftshader", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=15000",
                     }.Concat(mode))
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri + "?print");
            if (File.Exists(outputPath))
            {
                File.Delete(outputPath);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Chromium: could not start '{Executable}'.");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium: printing {htmlPath} took longer than {timeout.TotalSeconds:0} s.");
            }

            if (!File.Exists(outputPath) || new FileInfo(outputPath).Length == 0)
            {
                throw new InvalidOperationException(
                    $"Chromium: no output for {htmlPath} (exit code {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
            }
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium helpers may still hold the profile for a moment; it is a temp folder.
            }
        }
    }
}
