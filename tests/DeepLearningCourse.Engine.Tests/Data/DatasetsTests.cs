namespace DeepLearningCourse.Engine.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Xor_is_the_four_corners()
    {
        var (x, y) = Datasets.Xor();
        Assert.Equal([4, 2], x.Shape);
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], x.Data);
        Assert.Equal([0f, 1f, 1f, 0f], y.Data);
    }

    [Fact]
    public void Noisy_xor_without_noise_labels_by_sign()
    {
        var data = Datasets.Xor(200, 0f, new Random(1));
        Assert.Equal([200, 2], data.X.Shape);
        Assert.Equal([200], data.Y.Shape);
        for (int i = 0; i < 200; i++)
            Assert.Equal(data.X[i, 0] * data.X[i, 1] < 0 ? 1f : 0f, data.Y[i]);
        Assert.InRange(data.Y.Data.Sum(), 70f, 130f);
    }

    [Fact]
    public void Moons_without_noise_lie_on_their_half_circles()
    {
        var data = Datasets.Moons(101, 0f, new Random(2));
        Assert.Equal([101, 2], data.X.Shape);
        Assert.Equal(50, data.Y.Data.Count(v => v == 1f));
        for (int i = 0; i < 101; i++)
        {
            float a = data.X[i, 0], b = data.X[i, 1];
            // class 0: unit circle centred (0, 0), upper half; class 1: unit circle centred (1, 0.5), lower half.
            double r = data.Y[i] == 0 ? Math.Sqrt(a * a + b * b) : Math.Sqrt((a - 1) * (a - 1) + (b - 0.5) * (b - 0.5));
            Assert.Equal(1.0, r, 5);
        }
        Assert.NotEqual(0f, data.Y[0] + data.Y[1] + data.Y[2] + data.Y[3] + data.Y[4] + data.Y[5]); // shuffled, not 51 zeros first
    }

    [Fact]
    public void Circles_without_noise_have_radius_one_and_factor()
    {
        var data = Datasets.Circles(60, 0f, new Random(3), factor: 0.3f);
        for (int i = 0; i < 60; i++)
        {
            double r = Math.Sqrt(data.X[i, 0] * data.X[i, 0] + data.X[i, 1] * data.X[i, 1]);
            Assert.Equal(data.Y[i] == 0 ? 1.0 : 0.3, r, 5);
        }
    }

    [Fact]
    public void Spirals_have_one_block_per_class_within_the_unit_disc()
    {
        var data = Datasets.Spirals(50, 3, 0.2f, new Random(4));
        Assert.Equal([150, 2], data.X.Shape);
        Assert.Equal(3, data.ClassCount);
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(i / 50, (int)data.Y[i]);
            Assert.True(data.X[i, 0] * data.X[i, 0] + data.X[i, 1] * data.X[i, 1] <= 1.0001f);
        }
    }

    [Fact]
    public void NoisyFunction_is_sorted_regression_data_of_shape_n_by_1()
    {
        var exact = Datasets.NoisyFunction(64, 0f, new Random(5));
        Assert.Equal([64, 1], exact.X.Shape);
        Assert.Equal([64, 1], exact.Y.Shape);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(Math.Sin(exact.X.Data[i]), exact.Y.Data[i], 1e-6);
            if (i > 0) Assert.True(exact.X.Data[i] >= exact.X.Data[i - 1]);
            Assert.InRange(exact.X.Data[i], -MathF.PI, MathF.PI);
        }
        var noisy = Datasets.NoisyFunction(4000, 0.1f, new Random(6), x => 2 * x, 0, 1);
        double residualVariance = Enumerable.Range(0, 4000).Select(i => Math.Pow(noisy.Y.Data[i] - 2 * noisy.X.Data[i], 2)).Average();
        Assert.Equal(0.01, residualVariance, 3);
    }

    [Fact]
    public void RandomLabels_keeps_inputs_and_label_counts_but_shuffles()
    {
        var data = Datasets.Spirals(40, 2, 0.1f, new Random(7));
        var shuffled = Datasets.RandomLabels(data, new Random(8));
        Assert.Equal(data.X.Data, shuffled.X.Data);
        Assert.Equal(data.Y.Data.Order(), shuffled.Y.Data.Order());
        int changed = Enumerable.Range(0, 80).Count(i => data.Y.Data[i] != shuffled.Y.Data[i]);
        Assert.InRange(changed, 20, 60);

        var noise = Datasets.RandomLabels(100, 5, 4, new Random(9));
        Assert.Equal([100, 5], noise.X.Shape);
        Assert.All(noise.Y.Data, v => Assert.InRange(v, 0f, 3f));
    }

    [Fact]
    public void Same_seed_same_data()
    {
        Assert.Equal(Datasets.Moons(50, 0.1f, new Random(10)).X.Data, Datasets.Moons(50, 0.1f, new Random(10)).X.Data);
        Assert.NotEqual(Datasets.Moons(50, 0.1f, new Random(10)).X.Data, Datasets.Moons(50, 0.1f, new Random(11)).X.Data);
    }

    [Fact]
    public void Bad_arguments_name_the_generator()
    {
        Assert.Contains("Moons", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Moons(0, 0.1f, new Random(1))).Message, StringComparison.Ordinal);
        Assert.Contains("Spirals", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Spirals(10, 1, 0.1f, new Random(1))).Message, StringComparison.Ordinal);
        Assert.Contains("Circles", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Circles(10, -1f, new Random(1))).Message, StringComparison.Ordinal);
    }
}

public class DatasetRecordTests
{
    [Fact]
    public void Dataset_rejects_mismatched_rows_naming_both_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => new Dataset(Tensor.Zeros(3, 2), Tensor.Zeros(4)));
        Assert.Contains("Dataset", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", ex.Message, StringComparison.Ordinal);
    }
}
