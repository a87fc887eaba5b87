using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// What it costs to hand a block of memory from one core to another: one core reads (or overwrites) a block that a
/// second core has just written (or read), against the same access to a block the core touched itself. A training
/// step split across cores does this for every activation and gradient that one core produces and the other uses,
/// so on a machine where it is slow the split products lose more than their arithmetic suggests. The mlp suite
/// prints it next to the step's floor.
/// </summary>
public static class CoreHandoff
{
    /// <summary>Median microseconds of each access to the block.</summary>
    public readonly record struct Figures(double LocalRead, double RemoteRead, double LocalOverwrite, double RemoteOverwrite)
    {
        /// <summary>How many times as long overwriting a block the other core read takes as overwriting one this core read.</summary>
        public double OverwriteRatio => LocalOverwrite > 0 ? RemoteOverwrite / LocalOverwrite : double.PositiveInfinity;

        /// <summary>
        /// "fast" or "slow" hand-over: on the development VM the ratio was 4–5 in the regime where the MLP step took
        /// 0.46–0.48 ms and 17–30 where it took 0.55–0.65 ms (its two CPUs on cores close together or far apart, as the
        /// host places them), with nothing in between; 10 separates the two.
        /// </summary>
        public string Regime => OverwriteRatio < 10 ? "fast" : "slow";
    }

    /// <summary>
    /// Measures with a helper thread that writes (or reads) the block on request while the calling thread waits,
    /// then times the calling thread's access. Null on a single processor, where there is no other core.
    /// </summary>
    public static Figures? Measure(int floats, int runs)
    {
        if (Environment.ProcessorCount < 2) return null;
        var block = new float[floats];
        var helper = new Helper(block);
        try
        {
            double[] localRead = new double[runs], remoteRead = new double[runs], localOverwrite = new double[runs], remoteOverwrite = new double[runs];
            for (int warm = 0; warm < 20; warm++) Sample(helper, block, out _, out _, out _, out _);
            for (int run = 0; run < runs; run++)
                Sample(helper, block, out localRead[run], out remoteRead[run], out localOverwrite[run], out remoteOverwrite[run]);
            return new Figures(Median(localRead), Median(remoteRead), Median(localOverwrite), Median(remoteOverwrite));
        }
        finally
        {
            helper.Stop();
        }
    }

    private static void Sample(Helper helper, float[] block, out double localRead, out double remoteRead, out double localOverwrite, out double remoteOverwrite)
    {
        block.AsSpan().Fill(1f);
        localRead = Time(() => Sink(Read(block)));
        helper.Request(HelperTask.Write);
        remoteRead = Time(() => Sink(Read(block)));

        Sink(Read(block));
        localOverwrite = Time(() => block.AsSpan().Fill(2f));
        helper.Request(HelperTask.Read);
        remoteOverwrite = Time(() => block.AsSpan().Fill(3f));
    }

    private static double Time(Action access)
    {
        long start = Stopwatch.GetTimestamp();
        access();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    /// <summary>Sums the block a vector at a time (fully optimized from the first call, so no JIT tier is timed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Read(float[] block)
    {
        var sum = Vector<float>.Zero;
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(block.AsSpan());
        foreach (var vector in vectors) sum += vector;
        return Vector.Sum(sum);
    }

    private static float s_sink;

    private static void Sink(float value) => Volatile.Write(ref s_sink, value);

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private enum HelperTask { None, Write, Read, Stop }

    /// <summary>A thread that spins until asked to write or read the block, does it, and says it is done.</summary>
    private sealed class Helper
    {
        private readonly float[] _block;
        private readonly Thread _thread;
        private int _task, _done;

        public Helper(float[] block)
        {
            _block = block;
            _thread = new Thread(Loop) { IsBackground = true, Name = "core handoff helper" };
            _thread.Start();
        }

        /// <summary>Asks for one task and spins until the helper has finished it.</summary>
        public void Request(HelperTask task)
        {
            Volatile.Write(ref _done, 0);
            Volatile.Write(ref _task, (int)task);
            while (Volatile.Read(ref _done) == 0) Thread.SpinWait(1);
        }

        public void Stop()
        {
            Volatile.Write(ref _task, (int)HelperTask.Stop);
            _thread.Join();
        }

        private void Loop()
        {
            while (true)
            {
                var task = (HelperTask)Volatile.Read(ref _task);
                switch (task)
                {
                    case HelperTask.Stop:
                        return;
                    case HelperTask.Write:
                        _block.AsSpan().Fill(4f);
                        break;
                    case HelperTask.Read:
                        Sink(Read(_block));
                        break;
                    default:
                        Thread.SpinWait(1);
                        continue;
                }
                Volatile.Write(ref _task, (int)HelperTask.None);
                Volatile.Write(ref _done, 1);
            }
        }
    }
}
