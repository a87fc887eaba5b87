namespace DeepLearningCourse.Engine.Tests;

public class TensorFormatAndCreationTests
{
    [Fact]
    public void ToString_shows_shape_and_all_values_of_a_small_tensor()
    {
        var t = Tensor.FromArray([1f, 2.5f, 3, 4, 5, -6], 2, 3);
        Assert.Equal("Tensor [2, 3]\n[[1, 2.5, 3],\n [4, 5, -6]]", t.ToString().Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal("Tensor []\n7", Tensor.Scalar(7).ToString().Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_names_label_and_creator()
    {
        var w = Tensor.Ones(2).Named("W").WithGrad();
        Assert.StartsWith("Tensor [2] \"W\" requires grad", w.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Tensor [2] from Sub", (w - 1f).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_abbreviates_large_tensors_with_first_and_last_entries()
    {
        string text = Tensor.Arange(1000).ToString();
        Assert.StartsWith("Tensor [1000]", text, StringComparison.Ordinal);
        Assert.Contains("[0, 1, 2, ..., 997, 998, 999]", text);
        Assert.True(text.Length < 100, text);
        string matrix = Tensor.Arange(10000).Reshape(100, 100).ToString();
        Assert.Contains("[0, 1, 2, ..., 97, 98, 99]", matrix);
        Assert.Contains("[9900, 9901, 9902, ..., 9997, 9998, 9999]", matrix);
        Assert.DoesNotContain("5050", matrix);
    }

    [Fact]
    public void Arange_and_Linspace_known_values()
    {
        NodeTestKit.AssertValues(Tensor.Arange(4), [4], [0, 1, 2, 3]);
        NodeTestKit.AssertValues(Tensor.Arange(1, 2, 0.25f), [4], [1, 1.25f, 1.5f, 1.75f]);
        NodeTestKit.AssertValues(Tensor.Arange(3, 0, -1), [3], [3, 2, 1]);
        NodeTestKit.AssertValues(Tensor.Arange(5, 5), [0], []);
        NodeTestKit.AssertValues(Tensor.Linspace(-1, 1, 5), [5], [-1, -0.5f, 0, 0.5f, 1]);
        NodeTestKit.AssertValues(Tensor.Linspace(2, 3, 1), [1], [2]);
        Assert.Contains("step", Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, 0)).Message);
        Assert.Contains("count", Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, 1, 0)).Message);
    }

    [Fact]
    public void Uniform_and_Normal_are_reproducible_from_a_seed()
    {
        var u1 = Tensor.Uniform(new Random(42), -2, 3, 50, 20);
        var u2 = Tensor.Uniform(new Random(42), -2, 3, 50, 20);
        var u3 = Tensor.Uniform(new Random(43), -2, 3, 50, 20);
        Assert.Equal(u1.Data, u2.Data);
        Assert.NotEqual(u1.Data, u3.Data);
        Assert.All(u1.Data, v => Assert.InRange(v, -2f, 3f));
        Assert.Equal(0.5f, u1.Mean().Item(), 1);

        var n1 = Tensor.Normal(new Random(7), 1, 2, 10000);
        var n2 = Tensor.Normal(new Random(7), 1, 2, 10000);
        Assert.Equal(n1.Data, n2.Data);
        float mean = n1.Mean().Item();
        float std = MathF.Sqrt((n1 - mean).Pow(2).Mean().Item());
        Assert.InRange(mean, 0.95f, 1.05f);
        Assert.InRange(std, 1.95f, 2.05f);
    }

    [Fact]
    public void Creation_rejects_negative_dimensions_naming_the_shape()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, -3));
        Assert.Contains("[2, -3]", ex.Message);
        Assert.StartsWith("Zeros", ex.Message);
    }

    [Fact]
    public void Empty_tensors_give_clear_errors_where_an_op_needs_values()
    {
        var empty = Tensor.Zeros(0, 4);
        Assert.Contains("[0, 4]", Assert.Throws<ShapeException>(() => empty.Mean()).Message);
        Assert.Contains("[0, 4]", Assert.Throws<ShapeException>(() => empty.Max(0)).Message);
        Assert.Contains("[0, 4]", Assert.Throws<ShapeException>(() => Loss.MeanSquaredError(empty, empty)).Message);
        Assert.Contains("[0, 4]", Assert.Throws<ShapeException>(() => Loss.SigmoidBinaryCrossEntropy(empty, empty)).Message);
        // Element-wise ops and reshapes of empty tensors are fine and stay empty, as in NumPy and PyTorch.
        Assert.Equal([0, 4], empty.Exp().Shape);
        Assert.Equal([4, 0], empty.Transpose().Shape);
        Assert.Equal([0, 2], empty.Reshape(-1, 2).Shape);
    }
}
