using System.Diagnostics;
using System.Text;

namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>Rasterises a PDF with poppler's pdftoppm (binary PPM) and counts non-white pixels.</summary>
internal static class PixelCount
{
    public static string? PdfToPpm => Locate("pdftoppm");

    public static string? Locate(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>Pixels darker or more colourful than near-white, over all pages rendered at <paramref name="dpi"/>.</summary>
    public static async Task<long> InkPixelsAsync(string pdfPath, int dpi = 60)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdfPath)!, Path.GetFileNameWithoutExtension(pdfPath) + "-page");
        var start = new ProcessStartInfo(PdfToPpm ?? throw new InvalidOperationException("pdftoppm not installed"))
        {
            ArgumentList = { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), pdfPath, prefix },
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }

        long ink = 0;
        foreach (var page in Directory.GetFiles(Path.GetDirectoryName(pdfPath)!, Path.GetFileName(prefix) + "*.ppm"))
        {
            ink += CountInk(await File.ReadAllBytesAsync(page));
        }

        return ink;
    }

    private static long CountInk(byte[] ppm)
    {
        // P6 header: "P6", width, height, maxval, separated by whitespace, then width*height RGB bytes.
        var position = 0;
        var fields = new List<string>();
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            var field = new StringBuilder();
            while (!char.IsWhiteSpace((char)ppm[position]))
            {
                field.Append((char)ppm[position++]);
            }

            fields.Add(field.ToString());
        }

        Assert.Equal("P6", fields[0]);
        position++;
        long ink = 0;
        for (var i = position; i + 2 < ppm.Length; i += 3)
        {
            int r = ppm[i], g = ppm[i + 1], b = ppm[i + 2];
            if (r + g + b < 700 || Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > 40)
            {
                ink++;
            }
        }

        return ink;
    }
}
