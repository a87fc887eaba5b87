namespace DeepLearningCourse.Engine.Tests;

public class EmbeddingTests
{
    private static Tensor Table() => Tensor.FromArray([0f, 1, 10, 11, 20, 21], 3, 2);

    [Fact]
    public void Lookup_known_answer_for_a_batch_of_sequences()
    {
        var indices = Tensor.FromArray([2f, 0, 1, 2], 2, 2);
        NodeTestKit.AssertValues(new EmbeddingNode().Forward(indices, Table()), [2, 2, 2], [20, 21, 0, 1, 10, 11, 20, 21]);
    }

    [Fact]
    public void Gradient_accumulates_into_repeated_indices()
    {
        var node = new EmbeddingNode();
        node.Forward(Tensor.FromArray([1f, 1, 2, 1]), Table());
        var grads = node.Backward(Tensor.FromArray([1f, 2, 10, 20, 100, 200, 1000, 2000], 4, 2));
        Assert.Null(grads[0]);
        NodeTestKit.AssertValues(grads[1]!, [3, 2], [0, 0, 1011, 2022, 100, 200]);
    }

    [Fact]
    public void Gradient_check_and_fan_out()
    {
        var indices = Tensor.FromArray([0f, 3, 3, 1, 4, 0], 2, 3);
        NodeTestKit.AssertGradientsMatch(() => new EmbeddingNode(), [indices, NodeTestKit.Random(1, -1, 1, 5, 4)], skipInputs: [0]);
        NodeTestKit.AssertFanOutDoublesGradient(t => indices.EmbeddingLookup(t), NodeTestKit.Random(2, -1, 1, 5, 4));
    }

    [Fact]
    public void Out_of_range_index_names_the_index_its_position_and_the_vocabulary()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray([0f, 1, 2, 7], 2, 2).EmbeddingLookup(Table()));
        Assert.StartsWith("Embedding: index 7 at position [1, 1]", ex.Message);
        Assert.Contains("the vocabulary has 3 entries", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray([-1f]).EmbeddingLookup(Table()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray([0.5f]).EmbeddingLookup(Table()));
    }

    [Fact]
    public void Module_trains_only_the_rows_it_looked_up()
    {
        var embedding = new Embedding(6, 3, new Random(7));
        Assert.Equal([6, 3], embedding.Weight.Shape);
        var y = embedding.Forward(Tensor.FromArray([4f, 4, 1]));
        Assert.Equal([3, 3], y.Shape);
        y.Sum().Backward();
        var g = embedding.Weight.Grad!;
        NodeTestKit.AssertValues(g, [6, 3], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 0, 0]);
    }
}
