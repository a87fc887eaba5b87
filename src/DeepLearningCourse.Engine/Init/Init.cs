namespace DeepLearningCourse.Engine;

/// <summary>Which fan a variance-scaling initializer divides by.</summary>
public enum FanMode
{
    /// <summary>fan_in: keeps the variance of activations constant in the forward pass.</summary>
    FanIn,

    /// <summary>fan_out: keeps the variance of gradients constant in the backward pass.</summary>
    FanOut,
}

/// <summary>
/// Weight initializers. Each method either returns a new tensor of the given shape or fills an existing tensor in
/// place (the overload whose first argument is the tensor), and takes an explicit <see cref="Random"/> so results
/// are reproducible.
/// </summary>
/// <remarks>
/// <para><b>Fans</b> (see <see cref="Fans"/>): for a dense weight [in, out] (this engine's <see cref="Linear"/> layout)
/// fan_in = in and fan_out = out; for a convolution weight [out, in, kh, kw] fan_in = in·kh·kw and
/// fan_out = out·kh·kw; for a vector [n] both are n.</para>
/// <para><b>Target variances</b>: LeCun Var(w) = 1/fan_in (Sigmoid/Tanh/SELU, LeCun et al. 1998);
/// Glorot/Xavier Var(w) = 2/(fan_in + fan_out) (Tanh, Glorot &amp; Bengio 2010); He/Kaiming Var(w) = 2/fan_in (ReLU,
/// He et al. 2015). A uniform distribution on (−a, a) has variance a²/3, so the uniform variants use
/// a = √(3·Var); the normal variants use σ = √Var (a plain normal, not the truncated normal Keras uses).</para>
/// </remarks>
public static class Init
{
    /// <summary>fan_in and fan_out of a weight shape (see the class remarks for the conventions).</summary>
    public static (int FanIn, int FanOut) Fans(ReadOnlySpan<int> shape)
    {
        switch (shape.Length)
        {
            case 0:
                throw new ShapeException("Init: a scalar has no fan_in/fan_out; variance-scaling initializers need a vector, a [in, out] matrix or a [out, in, kh, kw] kernel.");
            case 1:
                return (shape[0], shape[0]);
            case 2:
                return (shape[0], shape[1]);
            default:
                int receptiveField = 1;
                for (int i = 2; i < shape.Length; i++) receptiveField *= shape[i];
                return (shape[1] * receptiveField, shape[0] * receptiveField);
        }
    }

    /// <summary>A tensor of zeros (biases).</summary>
    public static Tensor Zeros(params int[] shape) => Tensor.Zeros(shape);

    /// <summary>Sets every value of <paramref name="tensor"/> to 0.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0f);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Constant(float value, params int[] shape) => Tensor.Full(value, shape);

    /// <summary>Sets every value of <paramref name="tensor"/> to <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Array.Fill(tensor.Data, value);
        return tensor;
    }

    /// <summary>Uniform on (−limit, limit): variance limit²/3.</summary>
    public static Tensor Uniform(Random random, float limit, params int[] shape) => Uniform(Tensor.Zeros(shape), random, limit);

    /// <summary>Fills <paramref name="tensor"/> uniformly on (−limit, limit).</summary>
    public static Tensor Uniform(Tensor tensor, Random random, float limit)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!(limit >= 0) || float.IsInfinity(limit))
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Init.Uniform: the limit must be a finite number ≥ 0.");
        float[] data = tensor.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)((2 * random.NextDouble() - 1) * limit);
        return tensor;
    }

    /// <summary>Normal N(0, std²).</summary>
    public static Tensor Normal(Random random, float std, params int[] shape) => Normal(Tensor.Zeros(shape), random, std);

    /// <summary>Fills <paramref name="tensor"/> from N(0, std²).</summary>
    public static Tensor Normal(Tensor tensor, Random random, float std)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!(std >= 0) || float.IsInfinity(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "Init.Normal: the standard deviation must be a finite number ≥ 0.");
        float[] data = tensor.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)(std * Tensor.SampleStandardNormal(random));
        return tensor;
    }

    /// <summary>LeCun uniform: Var(w) = 1/fan_in, so w ~ U(−√(3/fan_in), √(3/fan_in)).</summary>
    public static Tensor LeCunUniform(Random random, params int[] shape) => LeCunUniform(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="LeCunUniform(Random, int[])"/>
    public static Tensor LeCunUniform(Tensor tensor, Random random) =>
        Uniform(tensor, random, MathF.Sqrt(3f * TargetVariance(tensor, 1f, FanMode.FanIn)));

    /// <summary>LeCun normal: Var(w) = 1/fan_in, so w ~ N(0, 1/fan_in).</summary>
    public static Tensor LeCunNormal(Random random, params int[] shape) => LeCunNormal(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="LeCunNormal(Random, int[])"/>
    public static Tensor LeCunNormal(Tensor tensor, Random random) =>
        Normal(tensor, random, MathF.Sqrt(TargetVariance(tensor, 1f, FanMode.FanIn)));

    /// <summary>
    /// Glorot/Xavier uniform: Var(w) = gain²·2/(fan_in + fan_out), so w ~ U(−a, a) with a = gain·√(6/(fan_in + fan_out)).
    /// </summary>
    public static Tensor GlorotUniform(Random random, params int[] shape) => GlorotUniform(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="GlorotUniform(Random, int[])"/>
    public static Tensor GlorotUniform(Tensor tensor, Random random, float gain = 1f) =>
        Uniform(tensor, random, MathF.Sqrt(3f * GlorotVariance(tensor, gain)));

    /// <summary>Glorot/Xavier normal: w ~ N(0, gain²·2/(fan_in + fan_out)).</summary>
    public static Tensor GlorotNormal(Random random, params int[] shape) => GlorotNormal(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="GlorotNormal(Random, int[])"/>
    public static Tensor GlorotNormal(Tensor tensor, Random random, float gain = 1f) =>
        Normal(tensor, random, MathF.Sqrt(GlorotVariance(tensor, gain)));

    /// <summary>
    /// He/Kaiming uniform: Var(w) = 2/((1 + slope²)·fan), so w ~ U(−a, a) with a = √(6/((1 + slope²)·fan)).
    /// fan is fan_in by default; slope is the negative slope of a LeakyReLU (0 for ReLU).
    /// </summary>
    public static Tensor HeUniform(Random random, params int[] shape) => HeUniform(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="HeUniform(Random, int[])"/>
    public static Tensor HeUniform(Tensor tensor, Random random, FanMode mode = FanMode.FanIn, float negativeSlope = 0f) =>
        Uniform(tensor, random, MathF.Sqrt(3f * TargetVariance(tensor, 2f / (1 + negativeSlope * negativeSlope), mode)));

    /// <summary>He/Kaiming normal: w ~ N(0, 2/((1 + slope²)·fan)); fan is fan_in by default.</summary>
    public static Tensor HeNormal(Random random, params int[] shape) => HeNormal(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="HeNormal(Random, int[])"/>
    public static Tensor HeNormal(Tensor tensor, Random random, FanMode mode = FanMode.FanIn, float negativeSlope = 0f) =>
        Normal(tensor, random, MathF.Sqrt(TargetVariance(tensor, 2f / (1 + negativeSlope * negativeSlope), mode)));

    /// <summary>
    /// A (semi-)orthogonal matrix times a gain (1 by default) (Saxe et al. 2014). The shape is viewed as
    /// [rows, cols] with rows = shape[0] and cols = the product of the other axes. With rows ≥ cols the columns are
    /// orthonormal (WᵀW = I); otherwise the rows are (WWᵀ = I). Made by Gram–Schmidt on a Gaussian matrix, in double
    /// precision, which draws uniformly from the orthogonal matrices.
    /// </summary>
    public static Tensor Orthogonal(Random random, params int[] shape) => Orthogonal(Tensor.Zeros(shape), random);

    /// <inheritdoc cref="Orthogonal(Random, int[])"/>
    public static Tensor Orthogonal(Tensor tensor, Random random, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (tensor.Rank < 2)
            throw new ShapeException($"Init.Orthogonal: tensor has shape {Tensor.ShapeText(tensor.Shape)} but needs rank 2 or more ([rows, cols, ...]).");
        int rows = tensor.Shape[0];
        int cols = tensor.Size / Math.Max(rows, 1);
        if (rows == 0 || cols == 0) return tensor;
        int tall = Math.Max(rows, cols), narrow = Math.Min(rows, cols);

        // q holds `narrow` column vectors of length `tall`, stored one vector per row: q[j * tall + i].
        var q = new double[narrow * tall];
        for (int j = 0; j < narrow; j++)
        {
            Span<double> v = q.AsSpan(j * tall, tall);
            double norm;
            do
            {
                for (int i = 0; i < tall; i++) v[i] = Tensor.SampleStandardNormal(random);
                // Modified Gram–Schmidt, twice ("twice is enough") for orthogonality to rounding error.
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int k = 0; k < j; k++)
                    {
                        ReadOnlySpan<double> u = q.AsSpan(k * tall, tall);
                        double dot = 0;
                        for (int i = 0; i < tall; i++) dot += u[i] * v[i];
                        for (int i = 0; i < tall; i++) v[i] -= dot * u[i];
                    }
                }
                double sumSquares = 0;
                for (int i = 0; i < tall; i++) sumSquares += v[i] * v[i];
                norm = Math.Sqrt(sumSquares);
            }
            while (norm < 1e-10);
            for (int i = 0; i < tall; i++) v[i] /= norm;
        }

        float[] data = tensor.Data;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                // rows ≥ cols: column c is vector c; rows < cols: row r is vector r.
                double value = rows >= cols ? q[c * tall + r] : q[r * tall + c];
                data[r * cols + c] = (float)(gain * value);
            }
        }
        return tensor;
    }

    private static float GlorotVariance(Tensor tensor, float gain)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (fanIn, fanOut) = Fans(tensor.Shape);
        CheckFan(fanIn + fanOut, tensor, "fan_in + fan_out");
        return gain * gain * 2f / (fanIn + fanOut);
    }

    private static float TargetVariance(Tensor tensor, float scale, FanMode mode)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (fanIn, fanOut) = Fans(tensor.Shape);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        CheckFan(fan, tensor, mode == FanMode.FanIn ? "fan_in" : "fan_out");
        return scale / fan;
    }

    private static void CheckFan(int fan, Tensor tensor, string what)
    {
        if (fan <= 0)
            throw new ShapeException($"Init: tensor of shape {Tensor.ShapeText(tensor.Shape)} has {what} = {fan}; variance scaling needs it to be positive.");
    }
}
