using System.Text.Json;

namespace DeepLearningCourse.Interactive.Tests;

public class PlotTests
{
    public PlotTests() => Course.Setup();

    [Fact]
    public void LossCurves_draws_train_and_validation_and_a_second_panel_for_accuracy()
    {
        var lossOnly = Figure.Traces(Plot.LossCurves([1.0, 0.5, 0.2], [1.1, 0.7, 0.6]));
        Assert.Equal(["train loss", "validation loss"], lossOnly.Select(Figure.Name));
        Assert.Equal([1.0, 2.0, 3.0], lossOnly[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));

        var chart = Plot.LossCurves([1.0, 0.5], [1.1, 0.7], [0.5, 0.8], [0.4, 0.7]);
        var traces = Figure.Traces(chart);
        Assert.Equal(4, traces.Count);
        Assert.Equal("y2", traces[3].GetProperty("yaxis").GetString());
        Assert.Equal(2, Figure.Layout(chart).GetProperty("grid").GetProperty("columns").GetInt32());
    }

    [Fact]
    public void LossCurves_reads_a_training_history()
    {
        var history = new TrainingHistory();
        history.EpochLoss.AddRange([1.0, 0.5]);
        history.ValidationLoss.AddRange([1.2, 0.8]);
        Assert.Equal(["train loss", "validation loss"], Figure.Traces(Plot.LossCurves(history)).Select(Figure.Name));
        var steps = new TrainingHistory();
        steps.StepLoss.AddRange([3.0, 2.0, 1.0]);
        Assert.Equal(3, Figure.Traces(Plot.LossCurves(steps))[0].GetProperty("y").GetArrayLength());
    }

    [Fact]
    public void DecisionBoundary_for_class_scores_is_a_class_map_plus_one_point_trace_per_class()
    {
        var x = Tensor.FromArray(new float[,] { { -1, 0 }, { 1, 0 }, { 0, 1 } });
        var y = Tensor.FromArray([0f, 1f, 1f]);
        // Score class 1 by the first coordinate: the boundary is x₁ = 0.
        Tensor Model(Tensor input)
        {
            var scores = Tensor.Zeros(input.Shape[0], 2);
            for (int i = 0; i < input.Shape[0]; i++) scores[i, 1] = input[i, 0];
            return scores;
        }
        var traces = Figure.Traces(Plot.DecisionBoundary(Model, x, y, resolution: 11));
        Assert.Equal(["heatmap", "scatter", "scatter"], traces.Select(Figure.Type));
        Assert.Equal(["predicted class", "class 0", "class 1"], traces.Select(Figure.Name));
        var z = traces[0].GetProperty("z");
        Assert.Equal(11, z.GetArrayLength());
        Assert.Equal(0, z[0][0].GetDouble());   // left edge: x₁ < 0
        Assert.Equal(1, z[0][10].GetDouble());  // right edge: x₁ > 0
        Assert.Equal(2, traces[2].GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void DecisionBoundary_for_one_logit_shows_the_probability_of_class_1()
    {
        var model = new Linear(2, 1, new Random(0));
        var x = Tensor.FromArray(new float[,] { { -1, -1 }, { 1, 1 } });
        var traces = Figure.Traces(Plot.DecisionBoundary(model, x, Tensor.FromArray([0f, 1f]), resolution: 5));
        Assert.Equal("contour", Figure.Type(traces[0]));
        foreach (var row in traces[0].GetProperty("z").EnumerateArray())
            foreach (var v in row.EnumerateArray()) Assert.InRange(v.GetDouble(), 0, 1);
        Assert.True(model.IsTraining); // evaluation mode was restored
    }

    [Fact]
    public void DecisionBoundary_rejects_inputs_that_are_not_2d_naming_the_shape()
    {
        var ex = Assert.Throws<ShapeException>(() => Plot.DecisionBoundary(t => t, Tensor.Zeros(4, 3), Tensor.Zeros(4)));
        Assert.Contains("Plot.DecisionBoundary", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        var mismatch = Assert.Throws<ShapeException>(() => Plot.DecisionBoundary(t => t, Tensor.Zeros(4, 2), Tensor.Zeros(5)));
        Assert.Contains("[5]", mismatch.Message);
    }

    [Fact]
    public void Heatmap_writes_values_in_small_matrices_and_puts_row_0_on_top()
    {
        var m = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var chart = Plot.Heatmap(m, ["a", "b"], ["c", "d"]);
        var trace = Figure.Traces(chart)[0];
        Assert.Equal("heatmap", Figure.Type(trace));
        Assert.Equal("%{text}", trace.GetProperty("texttemplate").GetString());
        Assert.Equal("3", trace.GetProperty("text")[1][0].GetString());
        Assert.Equal("Blues", trace.GetProperty("colorscale").GetString());
        Assert.True(trace.GetProperty("reversescale").GetBoolean()); // plotly.js's Blues runs dark to light; counts should darken
        Assert.Equal("reversed", Figure.Layout(chart).GetProperty("yaxis").GetProperty("autorange").GetString());

        var signed = Figure.Traces(Plot.Heatmap(new float[,] { { -1, 2 } }, showValues: false))[0];
        Assert.Equal("RdBu", signed.GetProperty("colorscale").GetString());
        Assert.False(signed.TryGetProperty("reversescale", out _)); // plotly.js's RdBu: negative blue, positive red
        Assert.Equal(-2, signed.GetProperty("zmin").GetDouble());
        Assert.False(signed.TryGetProperty("texttemplate", out _));

        var ex = Assert.Throws<ShapeException>(() => Plot.Heatmap(Tensor.Zeros(2, 2, 2)));
        Assert.Contains("[2, 2, 2]", ex.Message);
    }

    [Fact]
    public void ConfusionMatrix_labels_true_and_predicted_axes_and_writes_counts()
    {
        var chart = Plot.ConfusionMatrix(new[,] { { 5, 1 }, { 0, 4 } }, ["cat", "dog"]);
        var trace = Figure.Traces(chart)[0];
        Assert.Equal("1", trace.GetProperty("text")[0][1].GetString());
        Assert.Equal(["cat", "dog"], trace.GetProperty("x").EnumerateArray().Select(v => v.GetString()));
        var layout = Figure.Layout(chart);
        Assert.Equal("predicted class", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("true class", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Throws<ArgumentException>(() => Plot.ConfusionMatrix(new int[2, 3]));
    }

    [Fact]
    public void Histograms_draw_one_panel_per_tensor()
    {
        var model = new Sequential(new Linear(2, 4, new Random(0)), new ReLU(), new Linear(4, 1, new Random(1)));
        var parameters = Figure.Traces(Plot.ParameterHistograms(model));
        Assert.Equal(4, parameters.Count);
        Assert.All(parameters, t => Assert.Equal("histogram", Figure.Type(t)));
        Assert.Equal(["x", "x2", "x3", "x4"], parameters.Select(t => t.GetProperty("xaxis").GetString()));

        var activations = Figure.Traces(Plot.ActivationHistograms(model, Tensor.Normal(new Random(2), 0, 1, 16, 2)));
        Assert.Equal(3, activations.Count);
        Assert.Equal(16 * 4, activations[1].GetProperty("x").GetArrayLength());
        Assert.Throws<InvalidOperationException>(() => Plot.ParameterHistograms(model, gradients: true));
    }

    [Fact]
    public void LossSurface_draws_contours_and_one_trajectory_per_path()
    {
        var path = new List<(double X, double Y)> { (1, 1), (0.5, 0.2), (0, 0) };
        var traces = Figure.Traces(Plot.LossSurface((x, y) => x * x + 10 * y * y, (-2, 2), (-1, 1), ("SGD", path), ("Adam", path)));
        Assert.Equal(["contour", "scatter", "scatter"], traces.Select(Figure.Type));
        Assert.Equal("Adam", Figure.Name(traces[2]));
        Assert.Equal(80, traces[0].GetProperty("z").GetArrayLength());
        double x40 = -2 + 4.0 * 40 / 79, y10 = -1 + 2.0 * 10 / 79;
        Assert.Equal(x40 * x40 + 10 * y10 * y10, traces[0].GetProperty("z")[10][40].GetDouble(), 4); // z[row = y][column = x], figure numbers keep 6 significant digits
    }

    [Fact]
    public void GradientNorms_use_a_log_axis()
    {
        var chart = Plot.GradientNorms(("layer 1", [1.0, 0.1]), ("layer 2", [1.0, 0.01]));
        Assert.Equal(2, Figure.Traces(chart).Count);
        Assert.Equal("log", Figure.Layout(chart).GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void LinesWithEvents_draws_each_line_and_the_events_as_markers()
    {
        var chart = Plot.LinesWithEvents("loss", "step", "loss",
            [("unclipped", [0.0, 1, 2], [3.0, 2, 1]), ("clipped", [0.0, 1, 2], [3.0, 1, 0.5])],
            "clipped steps", [(1.0, 1.0)], logY: true);
        var traces = Figure.Traces(chart);
        Assert.Equal(["unclipped", "clipped", "clipped steps"], traces.Select(Figure.Name));
        Assert.Equal("markers", traces[2].GetProperty("mode").GetString());
        Assert.Equal("log", Figure.Layout(chart).GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void FunctionFit_draws_data_and_each_curve()
    {
        var traces = Figure.Traces(Plot.FunctionFit([0.0, 1, 2], [0.0, 1, 4], ("square", x => x * x)));
        Assert.Equal(["data", "square"], traces.Select(Figure.Name));
        Assert.Equal(4.0, traces[1].GetProperty("y")[199].GetDouble(), 9);

        var model = new Linear(1, 1, new Random(0));
        var fromModel = Figure.Traces(Plot.FunctionFit(Tensor.FromArray([0f, 1f, 2f], 3, 1), Tensor.FromArray([0f, 1f, 2f]), ("linear", model)));
        Assert.Equal(200, fromModel[1].GetProperty("y").GetArrayLength());
    }

    [Fact]
    public void ImageGrid_tiles_grey_images_with_one_pixel_gaps()
    {
        var images = Tensor.Arange(2 * 1 * 3 * 4).Reshape(2, 1, 3, 4);
        var trace = Figure.Traces(Plot.ImageGrid(images, columns: 2))[0];
        Assert.Equal("heatmap", Figure.Type(trace));
        var z = trace.GetProperty("z");
        Assert.Equal(3, z.GetArrayLength());          // one row of tiles, 3 pixels high
        Assert.Equal(4 + 1 + 4, z[0].GetArrayLength()); // two tiles 4 wide and a gap
        Assert.Equal(JsonValueKind.Null, z[0][4].ValueKind);
        Assert.Equal(0.0, z[0][0].GetDouble());        // each image stretched to 0..1
        Assert.Equal(1.0, z[2][8].GetDouble());
    }

    [Fact]
    public void ImageGrid_draws_rgb_images_as_an_image_trace_and_rejects_other_channel_counts()
    {
        var trace = Figure.Traces(Plot.ImageGrid(Tensor.Ones(3, 3, 2, 2), columns: 3))[0];
        Assert.Equal("image", Figure.Type(trace));
        Assert.Equal(3, trace.GetProperty("z")[0][0].GetArrayLength());
        var ex = Assert.Throws<ShapeException>(() => Plot.ImageGrid(Tensor.Ones(2, 5, 2, 2)));
        Assert.Contains("Plot.ImageGrid", ex.Message);
        Assert.Contains("[2, 5, 2, 2]", ex.Message);
    }
}
