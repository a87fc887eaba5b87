namespace DeepLearningCourse.Engine.Tests;

public class GemmTests
{
    public static TheoryData<int, int, int> AwkwardShapes => new()
    {
        { 1, 1, 1 }, { 1, 3, 17 }, { 3, 1, 33 }, { 17, 33, 65 }, { 33, 17, 3 }, { 65, 65, 65 },
        { 4, 2, 2 }, { 5, 7, 300 }, { 13, 37, 5 }, { 100, 3, 7 }, { 31, 100, 257 }, { 129, 70, 513 },
    };

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Multiply_equals_Reference_for_every_transpose_and_accumulate_combination(int m, int n, int k)
    {
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    AssertFastEqualsReference(Gemm.Multiply, m, n, k, transposeA, transposeB, accumulate);
                }
            }
        }
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Every_kernel_equals_Reference_on_single_and_multiple_parts(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (2, 3, 4), (17, 33, 65), (70, 45, 300), (3, 130, 20), (130, 3, 20) })
        {
            foreach (int parts in new[] { 1, 2, 3 })
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    foreach (bool transposeB in new[] { false, true })
                    {
                        AssertFastEqualsReference(
                            (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(kernel, parts, a, b, c, mm, nn, kk, ta, tb, acc),
                            m, n, k, transposeA, transposeB, accumulate: parts == 2);
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_edge_tile_height_and_width_equals_Reference()
    {
        // Heights 1..30 and widths around the 16- and 32-column vectors reach every edge kernel and the scratch path.
        for (int m = 1; m <= 30; m++)
        {
            foreach (int n in new[] { 1, 15, 16, 17, 31, 32, 33, 48, 50 })
            {
                AssertFastEqualsReference(
                    (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(BestKernel, 1, a, b, c, mm, nn, kk, ta, tb, acc),
                    m, n, 70, false, false, accumulate: m % 2 == 0);
            }
        }
    }

    [Fact]
    public void Large_square_product_equals_Reference()
    {
        AssertFastEqualsReference(Gemm.Multiply, 300, 301, 302, false, false, false);
        AssertFastEqualsReference(Gemm.Multiply, 257, 600, 130, true, true, true);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(512, 512)]
    [InlineData(513, 257)]
    [InlineData(784, 392)]
    [InlineData(1100, 367)]
    [InlineData(2048, 512)]
    public void K_is_cut_into_the_fewest_equal_blocks(int k, int expectedBlock)
    {
        Assert.Equal(expectedBlock, Gemm.BlockSteps(k));
        Assert.InRange(Gemm.BlockSteps(k), 1, Gemm.MaxBlockK);
    }

    [Theory]
    [InlineData(2048, 1024)]
    [InlineData(1100, 550)]
    [InlineData(784, 784)]
    [InlineData(3000, 1000)]
    public void A_large_C_takes_k_blocks_of_up_to_1024_steps(int k, int expectedBlock)
    {
        Assert.Equal(expectedBlock, Gemm.BlockSteps(k, Gemm.LargeCValues));
        Assert.Equal(Gemm.BlockSteps(k), Gemm.BlockSteps(k, Gemm.LargeCValues - 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_large_C_over_two_long_k_blocks_equals_Reference(int parts)
    {
        // C of 1024×1024 values takes the large blocks: k = 1100 is two blocks of 550 (three of 367 below that size).
        AssertFastEqualsReference(
            (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(BestKernel, parts, a, b, c, mm, nn, kk, ta, tb, acc),
            1024, 1024, 1100, false, parts == 2, accumulate: parts == 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Products_over_several_k_blocks_equal_Reference(int parts)
    {
        // k = 1100: three blocks of 367, 367 and 366 steps, each ending with a pass that adds into C.
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                AssertFastEqualsReference(
                    (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(BestKernel, parts, a, b, c, mm, nn, kk, ta, tb, acc),
                    45, 70, 1100, transposeA, transposeB, accumulate: transposeA);
            }
        }
    }

    [Theory]
    [InlineData(2, 128, 256, 784, false, false, true)]   // the MLP's first layer: two k blocks of 392, C of 32K values
    [InlineData(2, 1, 1, 513, false, false, true)]       // the smallest k with two blocks
    [InlineData(2, 128, 256, 512, false, false, false)]  // one k block: nothing to split
    [InlineData(2, 45, 70, 1100, false, false, false)]   // three k blocks: the sums would group differently
    [InlineData(2, 300, 300, 784, false, false, false)]  // C too large: split C instead
    [InlineData(3, 128, 256, 784, false, false, false)]  // three parts
    [InlineData(2, 128, 256, 784, true, false, false)]   // C += A·B adds into C in C's own order
    [InlineData(2, 128, 256, 784, false, true, false)]   // column sums of B are taken while B is packed
    public void Small_products_over_two_k_blocks_split_over_k(int parts, int m, int n, int k, bool accumulate, bool columnSums, bool expected)
    {
        Assert.Equal(expected, Gemm.SplitsOverK(parts, m, n, k, accumulate, columnSums));
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Split_over_k_gives_the_bits_of_one_core(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        foreach (var (m, n, k) in new[] { (128, 256, 784), (1, 1, 513), (70, 45, 600), (3, 130, 1024), (200, 300, 700) })
        {
            Assert.True(Gemm.SplitsOverK(2, m, n, k, false, false));
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    var (a, b) = (RandomValues(m + n, m * k), RandomValues(k, k * n));
                    var one = new float[m * n];
                    Gemm.Multiply(kernel, 1, a, b, one, m, n, k, transposeA, transposeB, false);
                    var split = RandomValues(9, m * n); // stale contents must not leak into the result
                    Gemm.Multiply(kernel, 2, a, b, split, m, n, k, transposeA, transposeB, false);
                    Assert.True(one.AsSpan().SequenceEqual(split), $"{kernel}, m={m} n={n} k={k}, transposeA {transposeA}, transposeB {transposeB}: split over k differs from one core");
                    AssertFastEqualsReference(
                        (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(kernel, 2, a, b, c, mm, nn, kk, ta, tb, acc),
                        m, n, k, transposeA, transposeB, accumulate: false);
                }
            }
        }
    }

    [Theory]
    [InlineData(32, 128, 256, 392, false, false, true)]     // the first layer's x·W, half of its columns
    [InlineData(32, 256, 256, 392, false, false, true)]
    [InlineData(32, 512, 512, 512, false, false, false)]    // spans 1 MiB: packed
    [InlineData(32, 128, 512, 128, false, false, true)]     // an LSTM's h·U: 256 KiB
    [InlineData(32, 250, 256, 392, true, false, false)]     // Wᵀ is not stored by rows
    [InlineData(32, 250, 256, 392, false, true, false)]     // a gated gradient is gated while it is packed
    [InlineData(32, 10, 10, 256, false, false, false)]      // a 10-class layer's block is not whole tiles wide
    [InlineData(16, 16, 16, 256, false, false, true)]
    public void B_is_read_in_place_when_stored_by_rows_whole_tiles_wide_and_spanning_at_most_half_of_L2(
        int tileColumns, int nc, int n, int kc, bool transposeB, bool gatedB, bool expected)
    {
        Assert.Equal(expected, Gemm.ReadsBInPlace(transposeB, gatedB, kc, nc, n, tileColumns));
    }

    [Theory]
    [InlineData("Vector512", 14, 392, 392, 128, true, false, true)]   // dW = xᵀ·dy of the first layer, one core's rows
    [InlineData("Vector512", 14, 45, 256, 128, true, false, true)]    // a partial sliver: the edge kernels read only its rows
    [InlineData("Vector256", 6, 45, 256, 128, true, false, false)]    // ... the other kernels compute whole tiles aside
    [InlineData("Vector256", 6, 48, 256, 128, true, false, true)]
    [InlineData("Vector512", 14, 98, 784, 512, true, false, false)]   // spans 1.5 MiB: packed
    [InlineData("Vector512", 14, 98, 784, 128, false, false, false)]  // A stored [m, k]: a sliver's rows are apart
    [InlineData("Vector512", 14, 98, 784, 128, true, true, false)]    // a gated operand is gated while it is packed
    public void A_is_read_in_place_when_stored_by_steps_and_spanning_at_most_half_of_L2(
        string kernelName, int tileRows, int mc, int m, int kc, bool transposeA, bool gatedA, bool expected)
    {
        var kernel = Enum.Parse<GemmKernelKind>(kernelName);
        Assert.Equal(expected, Gemm.ReadsAInPlace(kernel, transposeA, gatedA, kc, mc, m, tileRows));
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Reading_operands_in_place_gives_the_bits_of_packing_them(string kernelName)
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip(kernelName);
        // Whole tiles for every kernel, partial slivers, one part, two parts (by rows or columns, or over k).
        foreach (var (m, n, k) in new[] { (128, 256, 784), (784, 256, 128), (45, 64, 300), (29, 128, 96), (130, 192, 200), (3, 32, 17), (256, 10, 128) })
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (int parts in new[] { 1, 2 })
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var (a, b) = (RandomValues(m + k, m * k), RandomValues(n + k, k * n));
                        var start = RandomValues(m * n, m * n);
                        var (packed, inPlace) = ((float[])start.Clone(), (float[])start.Clone());
                        try
                        {
                            Gemm.PackEveryOperand = true;
                            Gemm.Multiply(kernel, parts, a, b, packed, m, n, k, transposeA, false, accumulate);
                        }
                        finally
                        {
                            Gemm.PackEveryOperand = false;
                        }
                        Gemm.Multiply(kernel, parts, a, b, inPlace, m, n, k, transposeA, false, accumulate);
                        string context = $"{kernel}, {parts} part(s), m={m} n={n} k={k}, transposeA {transposeA}, accumulate {accumulate}";
                        Assert.True(packed.AsSpan().SequenceEqual(inPlace), $"{context}: operands read in place differ from packed ones");
                        AssertFastEqualsReference(
                            (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(kernel, parts, a, b, c, mm, nn, kk, ta, tb, acc),
                            m, n, k, transposeA, false, accumulate);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("Vector512", 128, 112)]  // 8 tiles of 14, then 2 of 8 (not 9 of 14 and a 2-row edge)
    [InlineData("Vector512", 16, 0)]     // a 16-row batch slice: 8 + 8
    [InlineData("Vector512", 17, 0)]     // 8 + 8 + 1
    [InlineData("Vector512", 34, 14)]    // rest 6: 14, then 8 + 8 + 4
    [InlineData("Vector512", 126, 126)]  // whole tiles only
    [InlineData("Vector512", 130, 130)]  // rest 4: a 4-row edge keeps up with the FMA units
    [InlineData("Vector512", 127, 127)]  // rest 1: a 1-row edge alone is cheaper than 8 + 4 + 2 + 1
    [InlineData("Vector512", 10, 10)]    // no full tile to borrow from
    [InlineData("Vector256", 128, 128)]  // other kernels keep their own tiles
    public void The_rows_past_the_full_tiles_are_taken_eight_at_a_time_when_they_would_need_a_two_row_kernel(string kernelName, int mc, int expectedTail)
    {
        Assert.Equal(expectedTail, Gemm.EightRowTail(Enum.Parse<GemmKernelKind>(kernelName), mc));
    }

    [Theory]
    [InlineData(128, 126, 112)]  // 126 + 2 would leave a 2-row block: 112 + 16
    [InlineData(16, 126, 16)]
    [InlineData(300, 98, 98)]    // 98 + 98 + 98 + 6: the last block is short but the one before stays whole ...
    [InlineData(104, 98, 84)]    // ... until only the rest is left: 84 + 20
    public void A_blocks_never_leave_fewer_rows_than_a_tile_for_the_last(int left, int blockRows, int expected)
    {
        Assert.Equal(expected, Gemm.BlockRows(left, blockRows, 14));
    }

    [Fact]
    public void The_eight_row_tail_gives_the_bits_of_full_and_edge_tiles()
    {
        _ = GemmKernelUnderTest.RunnableOrSkip("Vector512");
        // Rests of 2, 3, 6, 7, 10, 11 after full tiles; packed and in-place A; one and two parts; through a packed
        // right operand as a recurrent layer uses it.
        foreach (var (m, n, k) in new[] { (128, 256, 392), (16, 512, 128), (17, 96, 40), (34, 64, 300), (35, 48, 33), (52, 40, 20), (95, 32, 784), (128, 10, 256) })
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (int parts in new[] { 1, 2 })
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var (a, b) = (RandomValues(m + 3 * k, m * k), RandomValues(n + 5 * k, k * n));
                        var start = RandomValues(m * n + 1, m * n);
                        var (tail, tiles) = ((float[])start.Clone(), (float[])start.Clone());
                        Gemm.Multiply(GemmKernelKind.Vector512, parts, a, b, tail, m, n, k, transposeA, false, accumulate);
                        try
                        {
                            Gemm.NoEightRowTail = true;
                            Gemm.Multiply(GemmKernelKind.Vector512, parts, a, b, tiles, m, n, k, transposeA, false, accumulate);
                        }
                        finally
                        {
                            Gemm.NoEightRowTail = false;
                        }
                        Assert.True(tail.AsSpan().SequenceEqual(tiles), $"m={m} n={n} k={k}, transposeA {transposeA}, {parts} part(s), accumulate {accumulate}: the 8-row tail changed the bits");
                        AssertFastEqualsReference(
                            (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(GemmKernelKind.Vector512, parts, a, b, c, mm, nn, kk, ta, tb, acc),
                            m, n, k, transposeA, false, accumulate);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("Vector512", 128, 10, 256, false, false, false, true)]   // a 10-class output layer
    [InlineData("Vector512", 28, 1, 1, false, false, false, true)]
    [InlineData("Vector512", 128, 11, 256, false, false, false, false)]  // wider: a 16-wide vector is mostly used
    [InlineData("Vector512", 27, 10, 256, false, false, false, false)]   // too few rows for two tiles of Cᵀ's columns
    [InlineData("Vector512", 128, 10, 513, false, false, false, false)]  // two k blocks: the bias would be added elsewhere
    [InlineData("Vector512", 128, 10, 256, true, false, false, false)]   // C += A·B
    [InlineData("Vector512", 256, 10, 128, false, true, false, false)]   // column sums of B are taken while B is packed
    [InlineData("Vector512", 128, 10, 256, false, false, true, false)]   // a gated operand
    [InlineData("Vector256", 128, 10, 256, false, false, false, false)]
    public void Narrow_products_are_computed_transposed_with_one_k_block_and_the_Vector512_kernels(
        string kernelName, int m, int n, int k, bool accumulate, bool columnSums, bool gated, bool expected)
    {
        Assert.Equal(expected, Gemm.TransposesNarrowProduct(Enum.Parse<GemmKernelKind>(kernelName), m, n, k, accumulate, columnSums, gated));
    }

    [Fact]
    public void Narrow_products_computed_transposed_give_the_bits_of_the_direct_product()
    {
        var kernel = GemmKernelUnderTest.RunnableOrSkip("Vector512");
        foreach (var (m, n, k) in new[] { (128, 10, 256), (28, 1, 7), (300, 3, 512), (45, 10, 100), (2000, 10, 300) })
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    foreach (int parts in new[] { 1, 2 })
                    {
                        var (a, b, bias) = (RandomValues(m + k, m * k), RandomValues(n + k, k * n), RandomValues(n, n));
                        foreach (bool relu in new[] { false, true })
                        {
                            var (direct, narrow) = (RandomValues(5, m * n), RandomValues(6, m * n)); // stale contents must not leak
                            try
                            {
                                Gemm.ComputeNarrowProductsDirectly = true;
                                Gemm.Multiply(kernel, parts, a, b, direct, m, n, k, transposeA, transposeB, false, bias, relu);
                            }
                            finally
                            {
                                Gemm.ComputeNarrowProductsDirectly = false;
                            }
                            Gemm.Multiply(kernel, parts, a, b, narrow, m, n, k, transposeA, transposeB, false, bias, relu);
                            Assert.True(direct.AsSpan().SequenceEqual(narrow),
                                $"m={m} n={n} k={k}, transposeA {transposeA}, transposeB {transposeB}, {parts} part(s), ReLU {relu}: transposed differs from direct");
                        }
                        AssertFastEqualsReference(
                            (a, b, c, mm, nn, kk, ta, tb, acc) => Gemm.Multiply(kernel, parts, a, b, c, mm, nn, kk, ta, tb, acc),
                            m, n, k, transposeA, transposeB, accumulate: false);
                    }
                }
            }
        }
    }

    [Fact]
    public void Known_answer_two_by_two()
    {
        var c = new float[4];
        Gemm.Multiply([1f, 2, 3, 4], [5f, 6, 7, 8], c, 2, 2, 2);
        Assert.Equal([19f, 22, 43, 50], c);
        Gemm.Multiply([1f, 2, 3, 4], [5f, 6, 7, 8], c, 2, 2, 2, transposeA: true, accumulate: true);
        // Aᵀ·B = [[1·5+3·7, 1·6+3·8], [2·5+4·7, 2·6+4·8]] = [[26, 30], [38, 44]], added to the previous C.
        Assert.Equal([45f, 52, 81, 94], c);
    }

    [Theory]
    [InlineData(203, 171, 611)] // split by rows
    [InlineData(61, 300, 129)] // split by columns
    public void Results_are_bitwise_identical_on_repeated_runs_and_any_partition(int m, int n, int k)
    {
        var (a, b) = (RandomValues(1, m * k), RandomValues(2, k * n));
        var first = new float[m * n];
        Gemm.Multiply(a, b, first, m, n, k);
        for (int run = 0; run < 3; run++)
        {
            var again = new float[m * n];
            Gemm.Multiply(a, b, again, m, n, k);
            Assert.Equal(first, again);
        }
        foreach (int parts in new[] { 1, 2, 3, 5 })
        {
            var split = new float[m * n];
            Gemm.Multiply(BestKernel, parts, a, b, split, m, n, k, false, false, false);
            Assert.Equal(first, split);
        }
    }

    [Theory]
    [InlineData(150, 140, 130)] // large enough to use the helper threads
    [InlineData(64, 96, 784)]   // split over k: the second block's sum goes through a buffer
    public void Concurrent_callers_get_the_same_bits_as_a_lone_caller(int m, int n, int k)
    {
        var (a, b) = (RandomValues(5, m * k), RandomValues(6, k * n));
        var expected = new float[m * n];
        Gemm.Multiply(a, b, expected, m, n, k);
        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = new float[m * n];
            for (int repeat = 0; repeat < 5; repeat++) Gemm.Multiply(a, b, c, m, n, k);
            results[i] = c;
        });
        foreach (var c in results) Assert.Equal(expected, c);
    }

    [Fact]
    public void Zero_inner_size_clears_or_keeps_C()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply([], [], c, 2, 3, 0, accumulate: true);
        Assert.Equal([1f, 2, 3, 4, 5, 6], c);
        Gemm.Multiply([], [], c, 2, 3, 0);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void Overwrite_ignores_what_C_held_before()
    {
        const int m = 40, n = 50, k = 60;
        var (a, b) = (RandomValues(3, m * k), RandomValues(4, k * n));
        var expected = new float[m * n];
        Gemm.Reference(a, b, expected, m, n, k);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.Multiply(a, b, c, m, n, k);
        AssertClose(expected, c, k);
    }

    [Fact]
    public void Too_small_buffers_are_rejected_naming_sizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], 2, 2, 3));
        Assert.StartsWith("Gemm", ex.Message);
        Assert.Contains("m=2, n=2, k=3", ex.Message);
        Assert.Contains("A has 5 (needs 6)", ex.Message);
        var negative = Assert.Throws<ArgumentException>(() => Gemm.Multiply([], [], [], -1, 2, 3));
        Assert.Contains("m=-1", negative.Message);
    }

    [Fact]
    public void Description_names_the_kernel_and_threads()
    {
        Assert.Contains("micro-kernel", Gemm.Description);
        Assert.Contains($"{Gemm.Threads} thread", Gemm.Description);
    }

    private static GemmKernelKind BestKernel =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? GemmKernelKind.Vector256 : GemmKernelKind.Scalar;

    private delegate void MultiplyFunction(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate);

    private static void AssertFastEqualsReference(MultiplyFunction multiply, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var a = RandomValues(m * 31 + k, m * k);
        var b = RandomValues(n * 17 + k, k * n);
        var start = RandomValues(m + n, m * n);
        var expected = (float[])start.Clone();
        var actual = (float[])start.Clone();
        Gemm.Reference(a, b, expected, m, n, k, transposeA, transposeB, accumulate);
        multiply(a, b, actual, m, n, k, transposeA, transposeB, accumulate);
        AssertClose(expected, actual, k, $"m={m} n={n} k={k} transposeA={transposeA} transposeB={transposeB} accumulate={accumulate}");
    }

    private static void AssertClose(float[] expected, float[] actual, int k, string context = "")
    {
        // Sums of k products of values in [-1, 1): rounding differences grow like sqrt(k)·eps.
        float tolerance = 1e-5f * (4 + MathF.Sqrt(k) * 4);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(MathF.Abs(expected[i] - actual[i]) <= tolerance))
                Assert.Fail($"{context}: element {i} is {actual[i]} but Reference gives {expected[i]} (tolerance {tolerance}).");
        }
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
