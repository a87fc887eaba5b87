using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// The pool behind large tensors: a dead array is reused, a live one (even held only as a bare float[]) never is,
/// and reused arrays are cleared when asked. Each test uses its own array length so tests running in parallel cannot
/// take each other's arrays.
/// </summary>
public class TensorMemoryTests
{
    [Fact]
    public void An_array_still_referenced_as_a_bare_float_array_is_never_handed_out_again()
    {
        const int length = TensorMemory.PooledMinimumLength + 4321;
        float[] kept = DataOfADroppedTensor(length, fill: 7f);
        CollectAndRunFinalizers();

        var others = new List<float[]>();
        for (int i = 0; i < 8; i++)
        {
            float[] other = TensorMemory.Uninitialized(length);
            Assert.NotSame(kept, other);
            Array.Fill(other, -1f);
            others.Add(other);
            CollectAndRunFinalizers();
        }
        Assert.All(kept, value => Assert.Equal(7f, value));
        GC.KeepAlive(others);
    }

    [Fact]
    public void A_dead_array_is_reused_and_Zeroed_clears_what_it_held()
    {
        const int length = TensorMemory.PooledMinimumLength + 1234;
        WeakReference dropped = DropAFilledArray(length, fill: 5f);
        CollectAndRunFinalizers();
        Assert.Equal(1, TensorMemory.FreeCount(length));

        long reusedBefore = TensorMemory.ReusedCount;
        float[] again = TensorMemory.Zeroed(length);

        Assert.Same(dropped.Target, again);
        Assert.True(TensorMemory.ReusedCount > reusedBefore);
        Assert.All(again, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void A_reused_array_can_be_reused_again_after_it_dies_a_second_time()
    {
        const int length = TensorMemory.PooledMinimumLength + 777;
        WeakReference first = DropAFilledArray(length, fill: 1f);
        CollectAndRunFinalizers();
        WeakReference second = TakeFillAndDrop(length, fill: 2f);
        Assert.True(SameTarget(first, second)); // compared in a helper so no stack slot here keeps the array alive
        CollectAndRunFinalizers();
        Assert.Equal(1, TensorMemory.FreeCount(length));

        float[] third = TensorMemory.Uninitialized(length);
        Assert.Same(first.Target, third);
        Assert.All(third, value => Assert.Equal(2f, value)); // Uninitialized: the old values are still there
    }

    [Fact]
    public void Small_arrays_are_ordinary_allocations_that_the_collector_frees()
    {
        WeakReference dropped = DropAFilledArray(TensorMemory.PooledMinimumLength - 1, fill: 3f);
        CollectAndRunFinalizers();
        CollectAndRunFinalizers();
        Assert.Null(dropped.Target);
    }

    [Fact]
    public void Large_tensors_from_operations_come_from_the_pool_and_hold_correct_values()
    {
        // Run an op many times: results must be right whether the output array is fresh or reused.
        var random = new Random(3);
        var x = Tensor.Uniform(random, -1, 1, 64, 1024);
        float[] expected = x.Data.Select(v => Math.Max(v, 0f)).ToArray();
        for (int i = 0; i < 20; i++)
        {
            Tensor y = x.Relu();
            Assert.Equal(expected, y.Data);
            Tensor zeros = Tensor.Zeros(64, 1024);
            Assert.All(zeros.Data, value => Assert.Equal(0f, value));
            if (i % 5 == 4) CollectAndRunFinalizers();
        }
    }

    [Fact]
    public void A_working_buffer_given_back_is_handed_out_again_at_once_and_only_once()
    {
        const int length = TensorMemory.PooledMinimumLength + 999;
        float[] buffer = TensorMemory.Uninitialized(length);
        TensorMemory.GiveBack(buffer);
        Assert.Equal(1, TensorMemory.FreeCount(length));
        var error = Assert.Throws<InvalidOperationException>(() => TensorMemory.GiveBack(buffer));
        Assert.Contains("already back in the pool", error.Message, StringComparison.Ordinal);

        float[] again = TensorMemory.Uninitialized(length);
        Assert.Same(buffer, again);
        Assert.NotSame(again, TensorMemory.Uninitialized(length)); // the only pooled one is out: a second request gets another
        TensorMemory.GiveBack(new float[100]); // small or not from the pool: left to the collector, no error
    }

    [Fact]
    public void A_given_back_buffer_that_is_handed_out_again_still_returns_when_it_dies()
    {
        const int length = TensorMemory.PooledMinimumLength + 555;
        Assert.True(GiveBackThenTakeFillAndDrop(length)); // in a helper so no stack slot here keeps the array alive
        CollectAndRunFinalizers();
        Assert.Equal(1, TensorMemory.FreeCount(length));
    }

    [Fact]
    public void A_length_beyond_one_array_is_a_clear_error()
    {
        var error = Assert.Throws<ShapeException>(() => TensorMemory.Zeroed((long)Array.MaxLength + 1));
        Assert.Contains("do not fit in one .NET array", error.Message, StringComparison.Ordinal);
    }

    private static void CollectAndRunFinalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float[] DataOfADroppedTensor(int length, float fill)
    {
        var tensor = new Tensor(TensorMemory.Uninitialized(length), length);
        Array.Fill(tensor.Data, fill);
        return tensor.Data;
    }

    /// <summary>A long weak reference: it still finds the array after its lease's finalizer put it back in the pool.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference DropAFilledArray(int length, float fill)
    {
        float[] array = TensorMemory.Uninitialized(length);
        Array.Fill(array, fill);
        return new WeakReference(array, trackResurrection: true);
    }

    /// <summary>Gives a buffer back, takes it again (true if it is the same array), fills it and drops it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GiveBackThenTakeFillAndDrop(int length)
    {
        float[] buffer = TensorMemory.Uninitialized(length);
        TensorMemory.GiveBack(buffer);
        float[] again = TensorMemory.Uninitialized(length);
        Array.Fill(again, 4f);
        return ReferenceEquals(buffer, again);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SameTarget(WeakReference a, WeakReference b) => a.Target is { } target && ReferenceEquals(target, b.Target);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference TakeFillAndDrop(int length, float fill) => DropAFilledArray(length, fill);
}
