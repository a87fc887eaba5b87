namespace DeepLearningCourse.Engine.Tests;

public class ReceptiveFieldTests
{
    private static Sequential Stack(int layers, int kernel, int channels, bool relu, int seed)
    {
        var random = new Random(seed);
        var model = new Sequential();
        for (int i = 0; i < layers; i++)
        {
            model.Add(new Conv2d(i == 0 ? 1 : channels, channels, kernel, random, padding: kernel / 2));
            if (relu) model.Add(new ReLU());
        }
        return model;
    }

    [Fact]
    public void Each_layer_adds_kernel_minus_one_times_the_jump()
    {
        var random = new Random(1);
        var vgg = new Sequential(
            new Conv2d(1, 4, 3, random, padding: 1), new ReLU(), new Conv2d(4, 4, 3, random, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 8, 3, random, padding: 1), new ReLU(), new Conv2d(8, 8, 3, random, padding: 1));
        Assert.Equal(new ReceptiveFieldSize(14, 2), ReceptiveField.Of(vgg));   // 1 → 3 → 5 → 6 (jump 2) → 10 → 14
        var stem = new Sequential(new Conv2d(3, 8, 7, random, stride: 2, padding: 3), new BatchNorm2d(8), new ReLU(), new MaxPool2d(3, 2, padding: 1));
        Assert.Equal(new ReceptiveFieldSize(11, 4), ReceptiveField.Of(stem));  // 7 (jump 2) → 7 + 2·2
        Assert.Equal(new ReceptiveFieldSize(7, 1), ReceptiveField.Of(Stack(3, 3, 2, relu: true, seed: 2)));
    }

    [Fact]
    public void Branches_and_residual_blocks_take_their_widest_path()
    {
        var random = new Random(3);
        var inception = new Branches(
            new Conv2d(2, 2, 1, random),
            new Sequential(new Conv2d(2, 2, 1, random), new Conv2d(2, 2, 3, random, padding: 1)),
            new Sequential(new Conv2d(2, 2, 1, random), new Conv2d(2, 2, 5, random, padding: 2)),
            new Sequential(new MaxPool2d(3, 1, padding: 1), new Conv2d(2, 2, 1, random)));
        Assert.Equal(new ReceptiveFieldSize(5, 1), ReceptiveField.Of(inception));
        Assert.Equal(new ReceptiveFieldSize(5, 1), ReceptiveField.Of(new Residual(Stack(2, 3, 1, relu: false, seed: 4))));
    }

    [Theory]
    [InlineData(1, 3, false)]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, false)]
    [InlineData(1, 7, false)]
    [InlineData(3, 3, true)]
    public void The_gradient_of_the_centre_output_is_non_zero_exactly_on_the_receptive_field(int layers, int kernel, bool relu)
    {
        var model = Stack(layers, kernel, 4, relu, seed: 5);
        var map = ReceptiveField.GradientMap(model, 1, 15, new Random(6));
        int size = ReceptiveField.Of(model).Size;
        Assert.Equal(size, ReceptiveField.Extent(map));
        // Centred: the non-zero block is rows and columns 7 − size/2 … 7 + size/2.
        Assert.True(map.Data[7 * 15 + 7] > 0);
        Assert.True(map.Data[(7 - size / 2) * 15 + 7] > 0 && map.Data[7 * 15 + 7 + size / 2] > 0);
        if (size < 15) Assert.Equal(0f, map.Data[(7 - size / 2 - 1) * 15 + 7]);
    }

    [Fact]
    public void Measuring_leaves_the_models_gradients_and_mode_as_they_were()
    {
        var model = Stack(2, 3, 2, relu: true, seed: 7);
        var kept = Tensor.Ones(model.Parameters().First().Shape);
        model.Parameters().First().Grad = kept;
        model.Eval();
        ReceptiveField.GradientMap(model, 1, 9, new Random(8), samples: 2);
        Assert.Same(kept, model.Parameters().First().Grad);
        Assert.All(model.Parameters().Skip(1), p => Assert.Null(p.Grad));
        Assert.False(model.IsTraining);
    }

    [Fact]
    public void Layers_that_mix_every_position_end_the_question_with_a_clear_error()
    {
        var random = new Random(9);
        var model = new Sequential(new Conv2d(1, 2, 3, random), new ReLU(), new Flatten(), new Linear(8, 2, random));
        var error = Assert.Throws<ArgumentException>(() => ReceptiveField.Of(model));
        Assert.StartsWith("ReceptiveField.Of: layer model.2 (Flatten) mixes every position of its input", error.Message);
        var uneven = new Branches(new Conv2d(1, 1, 3, random, stride: 2), new Conv2d(1, 1, 3, random));
        Assert.StartsWith("ReceptiveField.Of: the branches of layer model have different strides overall (jumps 2, 1)",
            Assert.Throws<ArgumentException>(() => ReceptiveField.Of(uneven)).Message);
        Assert.Equal(0, ReceptiveField.Extent(Tensor.Zeros(3, 3)));
        Assert.Throws<ShapeException>(() => ReceptiveField.GradientMap(model, 1, 6, random));
    }
}
