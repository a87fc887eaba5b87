namespace DeepLearningCourse.Engine.Tests.Analysis;

public class LinearRegionsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 7)]
    [InlineData(4, 11)]
    [InlineData(8, 37)]
    public void Zaslavsky_count_is_binomial_plus_m_plus_one(int m, long expected)
    {
        Assert.Equal(expected, LinearRegions.ZaslavskyCount(m));
        Assert.Equal(expected, LinearRegions.GeneralPositionCount(m, 2));
    }

    [Fact]
    public void General_position_count_in_one_dimension_is_m_plus_one_and_binomials_are_exact()
    {
        Assert.Equal(6, LinearRegions.GeneralPositionCount(5, 1));
        Assert.Equal(8, LinearRegions.GeneralPositionCount(3, 3)); // 3 planes through general position in 3-D: octants
        Assert.Equal(184756, LinearRegions.Binomial(20, 10));
        Assert.Equal(0, LinearRegions.Binomial(3, 4));
    }

    [Fact]
    public void Montufar_bound_for_one_layer_is_the_shallow_count_and_multiplies_per_layer()
    {
        Assert.Equal(37, LinearRegions.MontufarLowerBound(2, 8, 1));
        Assert.Equal(16 * 37, LinearRegions.MontufarLowerBound(2, 8, 2));   // ⌊8/2⌋² = 16 per extra layer
        Assert.Equal(16 * 16 * 37, LinearRegions.MontufarLowerBound(2, 8, 3));
        Assert.Equal(9 * 9 * 29, LinearRegions.MontufarLowerBound(2, 7, 3)); // ⌊7/2⌋ = 3, 1 + 7 + 21 = 29
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearRegions.MontufarLowerBound(2, 1, 2));
    }

    [Fact]
    public void Two_crossing_lines_make_four_regions_on_a_grid()
    {
        float[,] axes = { { 1, 0, 0.1f }, { 0, 1, -0.2f } }; // x = −0.1 and y = 0.2
        var map = LinearRegions.LineRegions(axes, 1, 50);
        Assert.Equal(4, map.Count);
        Assert.NotEqual(map.Ids[0, 0], map.Ids[49, 49]);
        Assert.Equal(map.Ids[0, 0], map.Ids[1, 1]);
    }

    [Fact]
    public void Random_lines_on_a_fine_grid_match_Zaslavsky_for_one_to_eight_lines()
    {
        var random = new Random(0);
        for (int m = 1; m <= 8; m++)
        {
            var lines = LinearRegions.RandomLines(m, random);
            double half = LinearRegions.BoxHoldingIntersections(lines);
            Assert.Equal(m * (m - 1) / 2, LinearRegions.Intersections(lines).Count);
            Assert.Equal(LinearRegions.ZaslavskyCount(m), LinearRegions.CountLineRegions(lines, half, 1500));
        }
    }

    [Fact]
    public void Intersections_of_two_lines_are_where_both_are_zero()
    {
        float[,] lines = { { 1, 1, -1 }, { 1, -1, 0 } }; // x + y = 1, x = y
        var p = Assert.Single(LinearRegions.Intersections(lines));
        Assert.Equal(0.5, p.X, 6);
        Assert.Equal(0.5, p.Y, 6);
        Assert.Equal(1.25, LinearRegions.BoxHoldingIntersections(lines), 6);
    }

    [Fact]
    public void A_one_unit_relu_network_has_two_regions_and_a_linear_one_is_rejected()
    {
        var random = new Random(1);
        var model = LinearRegions.RandomReluNetwork([1], random, 0.1f);
        Assert.Equal(2, LinearRegions.ActivationRegions(model, 40).Count);
        Assert.Throws<ArgumentException>(() => LinearRegions.ActivationRegions(new Sequential(new Linear(2, 1, random)), 10));
    }

    [Fact]
    public void A_shallow_relu_network_has_at_most_the_general_position_count()
    {
        var model = LinearRegions.RandomReluNetwork([6], new Random(2));
        int count = LinearRegions.ActivationRegions(model, 200, -20, 20, -20, 20).Count;
        Assert.InRange(count, 7, LinearRegions.GeneralPositionCount(6, 2));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 16)]
    [InlineData(3, 64)]
    [InlineData(4, 256)]
    public void The_folding_network_has_four_to_the_depth_regions(int depth, int expected)
    {
        var model = LinearRegions.FoldingNetwork(depth);
        Assert.Equal(expected, LinearRegions.ActivationRegions(model, 128).Count);
        Assert.Equal(12 + 20 * (depth - 1) + 5, model.ParameterCount);
    }

    [Fact]
    public void The_folding_network_computes_folded_coordinates()
    {
        var model = LinearRegions.FoldingNetwork(2);
        using (GradMode.Disable())
        {
            // u1 = 2|x| − 1, u2 = 2|u1| − 1; output = u2 + v2 with (x, y) = (0.25, −0.75): u1 = −0.5, v1 = 0.5 → u2 = v2 = 0
            var y = model.Forward(Tensor.FromArray(new float[] { 0.25f, -0.75f, 1f, 1f }, 2, 2));
            Assert.Equal(0f, y.Data[0], 5);
            Assert.Equal(2f, y.Data[1], 5);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_folding_networks_output_has_two_to_the_depth_linear_pieces_along_each_axis(int depth)
    {
        // Along a horizontal line the output is u_L(x) + const: a zigzag with 2^L pieces, i.e. 2^L − 1 kinks in (−1, 1),
        // at the same places as the activation pattern changes (the function is not linear across any of them).
        var model = LinearRegions.FoldingNetwork(depth);
        const int points = 4097;
        var grid = new float[points * 2];
        for (int i = 0; i < points; i++) { grid[2 * i] = -1f + 2f * i / (points - 1); grid[2 * i + 1] = 0.3f; }
        Tensor y;
        using (GradMode.Disable()) y = model.Forward(Tensor.FromArray(grid, points, 2));
        int kinks = 0;
        double previousSlope = y.Data[1] - y.Data[0];
        for (int i = 2; i < points; i++)
        {
            double slope = y.Data[i] - y.Data[i - 1];
            if (Math.Sign(slope) != Math.Sign(previousSlope) && Math.Abs(slope) > 1e-4) { kinks++; previousSlope = slope; }
        }
        Assert.Equal((1 << depth) - 1, kinks);
    }
}
