using ILGPU;
using ILGPU.Runtime;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A dense row-major float32 tensor that lives where its <see cref="Backend"/> computes: in GPU memory for an
/// <see cref="IlgpuBackend"/> (a <c>MemoryBuffer1D</c>), in a host array for the <see cref="CpuBackend"/>.
/// Nothing is copied between host and device unless asked: <see cref="ToTensor"/> / <see cref="ToArray"/> read it on
/// the host, <see cref="CopyFrom(Tensor)"/> writes it.
/// </summary>
/// <remarks>
/// Lifetime: a DeviceTensor owns its memory and frees it in <see cref="Dispose"/> (GPU memory is not managed by the
/// garbage collector). <see cref="Reshape"/> returns a view that shares the memory and owns nothing.
/// </remarks>
public sealed class DeviceTensor : IDisposable
{
    private readonly int[] _shape;
    private readonly bool _ownsStorage;
    private bool _disposed;

    internal DeviceTensor(ComputeBackend backend, int[] shape, float[]? host, MemoryBuffer1D<float, Stride1D.Dense>? buffer, bool ownsStorage)
    {
        Backend = backend;
        _shape = (int[])shape.Clone();
        Host = host;
        Buffer = buffer;
        _ownsStorage = ownsStorage;
        Size = checked((int)ShapeSize(shape));
    }

    /// <summary>The backend whose memory holds the values; every operand of an operation must share it.</summary>
    public ComputeBackend Backend { get; }

    /// <summary>The size of each axis. Do not modify the returned array.</summary>
    public int[] Shape => _shape;

    /// <summary>Number of values.</summary>
    public int Size { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Optional name used in error messages.</summary>
    public string? Label { get; set; }

    /// <summary>Host storage (CPU backend only).</summary>
    internal float[]? Host { get; }

    /// <summary>Device storage (ILGPU backend only).</summary>
    internal MemoryBuffer1D<float, Stride1D.Dense>? Buffer { get; }

    /// <summary>The device view handed to kernels.</summary>
    internal ArrayView<float> View => (Buffer ?? throw new InvalidOperationException($"{this} has no device buffer.")).View.SubView(0, Size);

    internal bool IsDisposed => _disposed;

    /// <summary>Copies the values to the host as an engine <see cref="Tensor"/> (waits for pending work).</summary>
    public Tensor ToTensor() => new(ToArray(), _shape);

    /// <summary>Copies the values to a new host array (waits for pending work).</summary>
    public float[] ToArray()
    {
        var data = new float[Size];
        Backend.Download(this, data);
        return data;
    }

    /// <summary>Overwrites the values with those of <paramref name="tensor"/> (same number of values).</summary>
    public void CopyFrom(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CopyFrom(tensor.Data);
    }

    /// <summary>Overwrites the values with <paramref name="values"/> (same number of values).</summary>
    public void CopyFrom(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Size)
            throw new ShapeException($"DeviceTensor.CopyFrom: {values.Length} values given for {this} ({Size} values); the sizes must match.");
        Backend.Upload(values, this);
    }

    /// <summary>A view with another shape over the same memory (same number of values); it owns nothing.</summary>
    public DeviceTensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (ShapeSize(shape) != Size)
            throw new ShapeException($"DeviceTensor.Reshape: {this} has {Size} values but shape {Tensor.ShapeText(shape)} holds {ShapeSize(shape)}; the products must match.");
        return new DeviceTensor(Backend, shape, Host, Buffer, ownsStorage: false) { Label = Label };
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsStorage) Buffer?.Dispose();
    }

    internal static long ShapeSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ShapeException($"DeviceTensor: shape {Tensor.ShapeText(shape)} has a negative dimension.");
            size *= d;
        }
        return size;
    }

    public override string ToString() => $"{Label ?? "DeviceTensor"} {Tensor.ShapeText(_shape)} on {Backend.Name}";
}
