namespace DeepLearningCourse.Engine.Tests;

public class KNearestNeighboursTests
{
    // Five points on a line: class 0 at 0, 1, 2 and class 1 at 10, 11.
    private static KNearestNeighbours Line()
    {
        var knn = new KNearestNeighbours(classCount: 2, features: 1);
        knn.Add(Tensor.FromArray([0f, 1, 2, 10, 11], 5, 1), Tensor.FromArray([0f, 0, 0, 1, 1]));
        return knn;
    }

    [Fact]
    public void Known_answers_on_a_line_depend_on_k()
    {
        var knn = Line();
        var query = Tensor.FromArray([10.4f], 1, 1);
        Assert.Equal([1], knn.Predict(query, 1));
        Assert.Equal([1], knn.Predict(query, 3)); // 10, 11, 2 → two votes for class 1
        Assert.Equal([0], knn.Predict(query, 5)); // everyone votes: three for class 0
        var neighbours = knn.Nearest(query, 3);
        Assert.Equal([3, 4, 2], neighbours.Indices);
        Assert.Equal(0.16f, neighbours.SquaredDistance(0, 0), 3);
        Assert.Equal(0.36f, neighbours.SquaredDistance(0, 1), 3);
        Assert.Equal(70.56f, neighbours.SquaredDistance(0, 2), 2);
    }

    [Fact]
    public void A_tie_goes_to_the_class_of_the_nearest_tied_neighbour()
    {
        // Neighbours of 5.0 by distance: 5.1 (A), 4.8 (B), 5.3 (B), 4.6 (A): two votes each at k = 4, A is nearest.
        var knn = new KNearestNeighbours(classCount: 3, features: 1);
        knn.Add(Tensor.FromArray([4.6f, 5.3f, 5.1f, 4.8f], 4, 1), Tensor.FromArray([2f, 1, 2, 1]));
        var query = Tensor.FromArray([5f], 1, 1);
        Assert.Equal([2, 3, 1, 0], knn.Nearest(query, 4).Indices);
        Assert.Equal([2], knn.Predict(query, 2)); // one vote each: the nearest (class 2) decides
        Assert.Equal([1], knn.Predict(query, 3)); // class 1 has two votes
        Assert.Equal([2], knn.Predict(query, 4)); // 2 : 2, class 2 has the nearest member
    }

    [Fact]
    public void Nearest_equals_sorting_the_reference_distances()
    {
        var random = new Random(5);
        var stored = Tensor.Uniform(random, 0f, 1f, 300, 17);
        var queries = Tensor.Uniform(random, 0f, 1f, 37, 17);
        var knn = new KNearestNeighbours(classCount: 4, features: 17);
        knn.Add(stored, Tensor.FromArray(Enumerable.Range(0, 300).Select(i => (float)(i % 4)).ToArray()));
        var found = knn.Nearest(queries, 7);
        var reference = PairwiseDistances.SquaredReference(queries, stored);
        for (int q = 0; q < 37; q++)
        {
            var expected = Enumerable.Range(0, 300).OrderBy(j => reference[q, j]).Take(7).ToArray();
            for (int r = 0; r < 7; r++)
            {
                Assert.Equal(expected[r], found.Index(q, r));
                Assert.Equal(reference[q, expected[r]], found.SquaredDistance(q, r), 4);
            }
        }
    }

    [Fact]
    public void A_new_example_changes_predictions_as_soon_as_it_is_added()
    {
        var knn = Line();
        var query = Tensor.FromArray([30f], 1, 1);
        Assert.Equal([1], knn.Predict(query, 1));            // nearest stored point: 11
        knn.Add(Tensor.FromArray([29f], 1, 1), Tensor.FromArray([0f]));
        knn.Add(Tensor.FromArray([31f], 1, 1), Tensor.FromArray([1f]));
        Assert.Equal(7, knn.Count);
        Assert.Equal([4, 3], knn.ClassCounts());
        Assert.Equal([5, 6], knn.Nearest(query, 2).Indices); // the two new examples, stored after the first five
        Assert.Equal([0], knn.Predict(query, 1));            // 29 (class 0) comes before 31 at equal distance
    }

    [Fact]
    public void Adding_in_many_pieces_equals_adding_at_once_and_images_are_read_as_rows()
    {
        var random = new Random(8);
        var images = Tensor.Uniform(random, 0f, 1f, 50, 1, 2, 3);
        var labels = Tensor.FromArray(Enumerable.Range(0, 50).Select(i => (float)(i % 3)).ToArray());
        var queries = Tensor.Uniform(random, 0f, 1f, 9, 1, 2, 3);
        var once = new KNearestNeighbours(3, 6);
        once.Add(images, labels);
        var pieces = new KNearestNeighbours(3, 6);
        for (int start = 0; start < 50; start += 7)
        {
            int count = Math.Min(7, 50 - start);
            pieces.Add(images.Slice(0, start, count), labels.Slice(0, start, count));
        }
        Assert.Equal(once.Nearest(queries, 5).Indices, pieces.Nearest(queries, 5).Indices);
        Assert.Equal(once.Predict(queries, 5), pieces.Predict(queries, 5));
    }

    [Fact]
    public void AccuracyByK_matches_Accuracy_and_Predict_for_every_k()
    {
        var random = new Random(11);
        var knn = new KNearestNeighbours(3, 4);
        var x = Tensor.Uniform(random, 0f, 1f, 60, 4);
        var y = Tensor.FromArray(Enumerable.Range(0, 60).Select(i => (float)(x[i, 0] > 0.5f ? 1 : x[i, 1] > 0.5f ? 2 : 0)).ToArray());
        knn.Add(x, y);
        var queries = Tensor.Uniform(random, 0f, 1f, 25, 4);
        var truth = Tensor.FromArray(Enumerable.Range(0, 25).Select(i => (float)(queries[i, 0] > 0.5f ? 1 : queries[i, 1] > 0.5f ? 2 : 0)).ToArray());
        var byK = knn.AccuracyByK(queries, truth, 9);
        for (int k = 1; k <= 9; k++)
        {
            double fromPredict = knn.Predict(queries, k).Select((p, i) => p == truth.Data[i] ? 1.0 : 0.0).Average();
            Assert.Equal(fromPredict, byK[k - 1], 10);
            Assert.Equal(fromPredict, knn.Accuracy(queries, truth, k), 10);
        }
        Assert.True(byK.Max() > 0.6, "the classes are regions of the unit square: nearest neighbours should mostly get them right");
        Assert.Equal(25L * 60 * 4, knn.PredictionMultiplyAdds(25));
    }

    [Fact]
    public void Bad_input_gets_errors_that_name_the_problem_and_the_fix()
    {
        var empty = new KNearestNeighbours(2, 3);
        var none = Assert.Throws<InvalidOperationException>(() => empty.Predict(Tensor.Zeros(1, 3), 1));
        Assert.Contains("call Add", none.Message);

        var knn = Line();
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => knn.Predict(Tensor.Zeros(1, 1), 6));
        Assert.Contains("between 1 and the 5 stored examples", tooMany.Message);
        var width = Assert.Throws<ShapeException>(() => knn.Predict(Tensor.Zeros(2, 3), 1));
        Assert.Contains("[2, 3]", width.Message);
        Assert.Contains("D = 1", width.Message);
        var labels = Assert.Throws<ShapeException>(() => knn.Add(Tensor.Zeros(2, 1), Tensor.Zeros(3)));
        Assert.Contains("labels must be [2]", labels.Message);
        var label = Assert.Throws<ArgumentException>(() => knn.Add(Tensor.Zeros(1, 1), Tensor.FromArray([2f])));
        Assert.Contains("label 2 at row 0", label.Message);
        Assert.Contains("0..1", label.Message);
        var vote = Assert.Throws<ArgumentOutOfRangeException>(() => knn.Vote(knn.Nearest(Tensor.Zeros(1, 1), 2), 3));
        Assert.Contains("search with a larger k", vote.Message);
    }
}
