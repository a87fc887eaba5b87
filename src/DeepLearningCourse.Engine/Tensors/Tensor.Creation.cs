namespace DeepLearningCourse.Engine;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(TensorMemory.Zeroed(CheckedSize(shape, "Zeros")), shape);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var data = TensorMemory.Zeroed(CheckedSize(shape, "Full"));
        Array.Fill(data, value);
        return new Tensor(data, shape);
    }

    /// <summary>Zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like.Shape);

    /// <summary>Ones with the shape of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Ones(like.Shape);

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value]);

    /// <summary>0, 1, ..., n-1 as a vector of shape [n].</summary>
    public static Tensor Arange(int n) => Arange(0, n, 1);

    /// <summary>start, start+step, ... up to (not including) stop, as a vector.</summary>
    public static Tensor Arange(float start, float stop, float step = 1f)
    {
        if (step == 0 || float.IsNaN(step))
            throw new ArgumentException("Arange: step must be a non-zero number.", nameof(step));
        int n = Math.Max(0, (int)MathF.Ceiling((stop - start) / step));
        var data = TensorMemory.Zeroed(n);
        for (int i = 0; i < n; i++) data[i] = start + i * step;
        return new Tensor(data, n);
    }

    /// <summary><paramref name="count"/> evenly spaced values from start to stop inclusive.</summary>
    public static Tensor Linspace(float start, float stop, int count)
    {
        if (count < 1) throw new ArgumentException("Linspace: count must be at least 1.", nameof(count));
        var data = TensorMemory.Zeroed(count);
        for (int i = 0; i < count; i++) data[i] = count == 1 ? start : start + (stop - start) * i / (count - 1);
        return new Tensor(data, count);
    }

    /// <summary>A copy of <paramref name="values"/> with the given shape (a vector when no shape is given).</summary>
    public static Tensor FromArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor((float[])values.Clone(), shape.Length == 0 ? [values.Length] : shape);
    }

    /// <summary>A copy of a 2-D array as a [rows, cols] tensor.</summary>
    public static Tensor FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = TensorMemory.Zeroed(rows * cols);
        Buffer.BlockCopy(values, 0, data, 0, data.Length * sizeof(float));
        return new Tensor(data, rows, cols);
    }

    /// <summary>A copy of double values (converted to float32) with the given shape.</summary>
    public static Tensor FromArray(double[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(Array.ConvertAll(values, v => (float)v), shape.Length == 0 ? [values.Length] : shape);
    }

    /// <summary>Values drawn uniformly from [low, high) with the given random generator.</summary>
    public static Tensor Uniform(Random random, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var data = TensorMemory.Zeroed(CheckedSize(shape, "Uniform"));
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * (float)random.NextDouble();
        return new Tensor(data, shape);
    }

    /// <summary>Values drawn from a normal distribution N(mean, std²) with the given random generator.</summary>
    public static Tensor Normal(Random random, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var data = TensorMemory.Zeroed(CheckedSize(shape, "Normal"));
        for (int i = 0; i < data.Length; i++) data[i] = mean + std * (float)SampleStandardNormal(random);
        return new Tensor(data, shape);
    }

    /// <summary>One draw from N(0, 1) by the Box–Muller transform.</summary>
    public static double SampleStandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static int CheckedSize(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ShapeException($"{op}: shape {ShapeText(shape)} has a negative dimension.");
            size *= d;
        }
        if (size > Array.MaxLength)
            throw new ShapeException($"{op}: shape {ShapeText(shape)} holds {size} values, more than one array can.");
        return (int)size;
    }
}
