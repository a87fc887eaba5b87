namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>Printing handouts with headless Chromium; skipped (and reported as skipped) where Chromium or pdftoppm is missing.</summary>
[Collection(NotebookCollection.Name)]
public sealed class PdfTests
{
    [Theory]
    [InlineData("2-D line chart", TestNotebooks.LineFigure)]
    [InlineData("3-D surface (WebGL, turned into an image for print)", TestNotebooks.SurfaceFigure)]
    public async Task A_printed_handout_shows_its_chart(string what, string figure)
    {
        var chromium = ChromiumPrinter.Locate() ?? SkipBecause("Chromium not installed");
        _ = PixelCount.PdfToPpm ?? SkipBecause("pdftoppm (poppler-utils) not installed");
        var scratch = TestPaths.Scratch("pdf");
        var notebook = TestNotebooks.Write(Path.Combine(scratch, "01-chart.ipynb"),
            TestNotebooks.Markdown("# One chart"),
            TestNotebooks.Code("chart", TestNotebooks.Chart(figure)));
        var handout = new HandoutExporter(notebookLibrary: TestPaths.Course.NotebookLibrary).Export(notebook, Path.Combine(scratch, "with", "01-chart.html"));
        // The same page with chart drawing switched off: whatever ink the charted page has beyond it is the chart.
        var blankPath = Path.Combine(scratch, "without", "01-chart.html");
        Directory.CreateDirectory(Path.GetDirectoryName(blankPath)!);
        await File.WriteAllTextAsync(blankPath,
            (await File.ReadAllTextAsync(handout.HtmlPath, TestContext.Current.CancellationToken)).Replace("class=\"dlc-chart-figure\"", "class=\"chart-switched-off\"", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);

        var printer = new ChromiumPrinter(chromium);
        await printer.PrintToPdfAsync(handout.HtmlPath, Path.Combine(scratch, "with", "01-chart.pdf"), TestContext.Current.CancellationToken);
        await printer.PrintToPdfAsync(blankPath, Path.Combine(scratch, "without", "01-chart.pdf"), TestContext.Current.CancellationToken);
        var withChart = await PixelCount.InkPixelsAsync(Path.Combine(scratch, "with", "01-chart.pdf"));
        var withoutChart = await PixelCount.InkPixelsAsync(Path.Combine(scratch, "without", "01-chart.pdf"));

        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {withChart} ink pixels with the chart, {withoutChart} without (60 dpi)");
        Assert.True(withChart - withoutChart > 1500, $"{what}: the chart area is blank in the PDF ({withChart} vs {withoutChart} ink pixels)");
    }

    [Fact]
    public async Task Dlc_export_pdf_without_chromium_says_how_to_install_it_and_still_succeeds()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("no-chromium"));
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-text.ipynb"), TestNotebooks.Markdown("# Text only"));
        Directory.CreateDirectory(scratch.Handouts);
        await File.WriteAllTextAsync(Path.Combine(scratch.Handouts, "01-text.pdf"), "%PDF from an older handout", TestContext.Current.CancellationToken);
        var path = Environment.GetEnvironmentVariable("PATH");
        var configured = Environment.GetEnvironmentVariable("DLC_CHROMIUM");
        using var output = new StringWriter();
        int exitCode;
        try
        {
            Environment.SetEnvironmentVariable("PATH", scratch.RepositoryRoot);
            Environment.SetEnvironmentVariable("DLC_CHROMIUM", null);
            exitCode = await CommandLine.RunAsync(["export", "--pdf"], output, scratch);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Environment.SetEnvironmentVariable("DLC_CHROMIUM", configured);
        }

        Assert.Equal(0, exitCode);
        Assert.Contains("PDF skipped: Chromium not found; install it with `apt-get install chromium`", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("removed 1 PDF(s) printed from the previous handouts; install Chromium to print them again", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scratch.Handouts, "01-text.pdf")));
        Assert.True(File.Exists(Path.Combine(scratch.Handouts, "01-text.html")));
        Assert.True(File.Exists(Path.Combine(scratch.Handouts, "index.html")));
    }

    [Fact]
    public async Task Dlc_export_pdf_writes_a_pdf_per_handout()
    {
        _ = ChromiumPrinter.Locate() ?? SkipBecause("Chromium not installed");
        var scratch = new CoursePaths(TestPaths.Scratch("export-pdf"));
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-text.ipynb"), TestNotebooks.Markdown("# Text only\nSome $x^2$ math."));
        using var output = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["export", "--pdf"], output, scratch);

        Assert.Equal(0, exitCode);
        var pdf = Path.Combine(scratch.Handouts, "01-text.pdf");
        Assert.True(File.Exists(pdf), output.ToString());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 4));
        Assert.Contains("<a class=\"pdf\" href=\"01-text.pdf\">PDF</a>", File.ReadAllText(Path.Combine(scratch.Handouts, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporting_again_without_pdf_removes_the_out_of_date_pdfs_and_their_links()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("export-stale-pdf"));
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-text.ipynb"), TestNotebooks.Markdown("# Text only"));
        Directory.CreateDirectory(scratch.Handouts);
        var stale = Path.Combine(scratch.Handouts, "01-text.pdf");
        await File.WriteAllTextAsync(stale, "%PDF printed from last week's handout", TestContext.Current.CancellationToken);
        using var output = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["export"], output, scratch);

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(stale));
        Assert.Contains("removed 1 PDF(s) printed from the previous handouts; add --pdf to print them again", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PDF</a>", File.ReadAllText(Path.Combine(scratch.Handouts, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_screenshot_of_a_handout_is_a_png()
    {
        var chromium = ChromiumPrinter.Locate() ?? SkipBecause("Chromium not installed");
        var scratch = TestPaths.Scratch("screenshot");
        var notebook = TestNotebooks.Write(Path.Combine(scratch, "01-chart.ipynb"), TestNotebooks.Code("chart", TestNotebooks.Chart(TestNotebooks.LineFigure)));
        var handout = new HandoutExporter(notebookLibrary: TestPaths.Course.NotebookLibrary).Export(notebook, Path.Combine(scratch, "01-chart.html"));
        var png = Path.Combine(scratch, "01-chart.png");

        await new ChromiumPrinter(chromium).ScreenshotAsync(handout.HtmlPath, png, 800, 600, TestContext.Current.CancellationToken);

        var bytes = await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 5000, $"the screenshot is only {bytes.Length} bytes; the page looks empty");
    }

    private static string SkipBecause(string reason)
    {
        Assert.Skip(reason);
        return "";
    }
}
