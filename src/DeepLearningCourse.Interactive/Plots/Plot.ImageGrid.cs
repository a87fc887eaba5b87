using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Images in a grid, one tile each, separated by a one-pixel gap: samples, convolution filters, feature maps.
    /// </summary>
    /// <param name="images">[N, 1, H, W] or [N, H, W] (grey: low values black, high values white) or [N, 3, H, W] (RGB).</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="normalizeEach">Stretch each image to its own min..max (filters and feature maps); false maps 0..1 for all.</param>
    public static GenericChart ImageGrid(Tensor images, int columns = 8, bool normalizeEach = true, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n, channels, h, w;
        if (images.Rank == 3) (n, channels, h, w) = (images.Shape[0], 1, images.Shape[1], images.Shape[2]);
        else if (images.Rank == 4 && images.Shape[1] is 1 or 3) (n, channels, h, w) = (images.Shape[0], images.Shape[1], images.Shape[2], images.Shape[3]);
        else throw new ShapeException($"Plot.ImageGrid: images have shape {Tensor.ShapeText(images.Shape)}; it needs [N, 1, H, W], [N, 3, H, W] or [N, H, W]. Reshape feature maps [N, C, H, W] to [N·C, 1, H, W] to see every channel.");
        if (n == 0) throw new ShapeException("Plot.ImageGrid: there are no images (N = 0).");
        columns = Math.Clamp(columns, 1, n);
        int rows = (n + columns - 1) / columns;
        int height = rows * (h + 1) - 1, width = columns * (w + 1) - 1;
        int imageSize = channels * h * w;

        // Tile values in 0..1, null in the gaps (drawn as background).
        var tiles = new double?[channels][][];
        for (int ch = 0; ch < channels; ch++)
        {
            tiles[ch] = new double?[height][];
            for (int r = 0; r < height; r++) tiles[ch][r] = new double?[width];
        }
        for (int i = 0; i < n; i++)
        {
            float min = 0, max = 1;
            if (normalizeEach)
            {
                var span = images.Data.AsSpan(i * imageSize, imageSize);
                min = float.MaxValue; max = float.MinValue;
                foreach (float v in span) { min = Math.Min(min, v); max = Math.Max(max, v); }
            }
            double scale = max > min ? 1.0 / (max - min) : 0;
            int top = i / columns * (h + 1), left = i % columns * (w + 1);
            for (int ch = 0; ch < channels; ch++)
                for (int r = 0; r < h; r++)
                    for (int c = 0; c < w; c++)
                        tiles[ch][top + r][left + c] = Math.Clamp((images.Data[i * imageSize + (ch * h + r) * w + c] - min) * scale, 0, 1);
        }

        Trace trace;
        if (channels == 1)
        {
            trace = Figures.Trace("heatmap", ("z", tiles[0]), ("colorscale", "Greys"), ("zmin", 0.0), ("zmax", 1.0),
                ("showscale", false), ("hovertemplate", "row %{y}, column %{x}: %{z:.3f}<extra></extra>"));
        }
        else
        {
            var rgb = new int[height][][];
            for (int r = 0; r < height; r++)
            {
                rgb[r] = new int[width][];
                for (int c = 0; c < width; c++)
                    rgb[r][c] = tiles[0][r][c] is null ? [255, 255, 255] : [.. Enumerable.Range(0, 3).Select(ch => (int)Math.Round(255 * tiles[ch][r][c]!.Value))];
            }
            trace = Figures.Trace("image", ("z", rgb));
        }
        int pixel = Math.Clamp(600 / Math.Max(width, height), 2, 12);
        var chart = Figures.Chart([trace], title, height: Math.Max(160, height * pixel + (title is null ? 40 : 70)), reverseY: true, equalAxes: true);
        chart.WithLayout("xaxis", new Dictionary<string, object> { ["visible"] = false, ["constrain"] = "domain" });
        chart.WithLayout("yaxis", new Dictionary<string, object> { ["visible"] = false, ["autorange"] = "reversed", ["scaleanchor"] = "x" });
        chart.WithLayout("plot_bgcolor", "white");
        return chart;
    }
}
