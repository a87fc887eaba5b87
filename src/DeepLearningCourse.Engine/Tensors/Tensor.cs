namespace DeepLearningCourse.Engine;

/// <summary>
/// A dense, row-major tensor of float32 values. <see cref="Data"/> always holds the values contiguously
/// (the last axis varies fastest), so element [i, j] of a [M, N] tensor is <c>Data[i * N + j]</c>.
/// </summary>
/// <remarks>
/// A tensor that <see cref="RequiresGrad"/> records every differentiable operation applied to it: the result
/// remembers the <see cref="Creator"/> node, and <see cref="Backward"/> walks those nodes in reverse.
/// Operations never modify their inputs; each returns a new tensor.
/// </remarks>
public sealed partial class Tensor
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ShapeException($"Tensor: shape {ShapeText(shape)} has a negative dimension; every dimension must be 0 or more.");
        }
        long size = ShapeSize(shape);
        if (size != data.Length)
            throw new ShapeException($"Tensor: shape {ShapeText(shape)} holds {size} values but the data has {data.Length}; make the product of the dimensions equal the data length.");
        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The size of each axis. Do not modify the returned array.</summary>
    public int[] Shape => _shape;

    /// <summary>The values, row-major and contiguous.</summary>
    public float[] Data { get; }

    /// <summary>Number of axes (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of values (product of the shape).</summary>
    public int Size => Data.Length;

    /// <summary>True when operations on this tensor are recorded so gradients can flow back to it.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>
    /// The gradient of the last <see cref="Backward"/> with respect to this tensor, same shape as the tensor.
    /// Accumulates (adds up) over several Backward calls for leaf tensors such as parameters: call ZeroGrad between steps.
    /// </summary>
    public Tensor? Grad { get; set; }

    /// <summary>The node whose call produced this tensor, or null for a leaf (data, parameters).</summary>
    public Node? Creator { get; internal set; }

    /// <summary>Optional name shown in graph drawings and error messages (e.g. "W1", "loss").</summary>
    public string? Label { get; set; }

    /// <summary>True for a tensor not produced by a recorded operation.</summary>
    public bool IsLeaf => Creator is null;

    /// <summary>Size of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[NormalizeAxis(axis, Rank, "Dim")];

    /// <summary>Element access by full index, e.g. <c>t[i, j]</c>.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Data[FlatIndex(index)];
        set => Data[FlatIndex(index)] = value;
    }

    /// <summary>The single value of a tensor with one element (a scalar loss, say).</summary>
    public float Item()
    {
        if (Size != 1)
            throw new ShapeException($"Item: tensor has shape {ShapeText(_shape)} ({Size} values); Item() needs exactly one value. Use Sum() or Mean() first, or index it.");
        return Data[0];
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, so <c>Tensor.Ones(3).WithGrad()</c> reads well.</summary>
    public Tensor WithGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Sets <see cref="Label"/> and returns this tensor.</summary>
    public Tensor Named(string label)
    {
        Label = label;
        return this;
    }

    /// <summary>A copy of the values that shares nothing with this tensor and records no history.</summary>
    public Tensor Clone() => new(TensorMemory.CopyOf(Data), _shape);

    /// <summary>The same values without history (shares storage): gradients will not flow through the result.</summary>
    public Tensor Detach() => new(Data, _shape);

    /// <summary>A copy of the values as a flat array.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>The values of a rank-2 tensor as a 2-D array.</summary>
    public float[,] ToArray2D()
    {
        if (Rank != 2)
            throw new ShapeException($"ToArray2D: tensor has shape {ShapeText(_shape)}; it needs rank 2. Reshape it first.");
        var result = new float[_shape[0], _shape[1]];
        Buffer.BlockCopy(Data, 0, result, 0, Size * sizeof(float));
        return result;
    }

    /// <summary>True when both tensors have the same shape.</summary>
    public bool SameShape(Tensor other) => _shape.AsSpan().SequenceEqual(other._shape);

    /// <summary>True when shapes match and every value differs by at most <paramref name="tolerance"/>.</summary>
    public bool AllClose(Tensor other, float tolerance = 1e-5f)
    {
        if (!SameShape(other)) return false;
        for (int i = 0; i < Size; i++)
        {
            float a = Data[i], b = other.Data[i];
            if (float.IsNaN(a) != float.IsNaN(b)) return false;
            if (MathF.Abs(a - b) > tolerance * (1 + MathF.Abs(b))) return false;
        }
        return true;
    }

    /// <summary>Writes a shape as "[2, 3]".</summary>
    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    internal static long ShapeSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    /// <summary>Maps a possibly negative axis to 0..rank-1, naming <paramref name="op"/> in the error.</summary>
    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ShapeException($"{op}: axis {axis} is out of range for a tensor of rank {rank}; use 0..{rank - 1} (or -1 for the last axis).");
        return a;
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
            throw new ShapeException($"Indexer: {index.Length} indices given for a tensor of shape {ShapeText(_shape)}; give one index per axis.");
        int flat = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            int i = index[axis];
            if (i < 0 || i >= _shape[axis])
                throw new IndexOutOfRangeException($"Indexer: index {i} on axis {axis} is outside 0..{_shape[axis] - 1} of shape {ShapeText(_shape)}.");
            flat = flat * _shape[axis] + i;
        }
        return flat;
    }
}
