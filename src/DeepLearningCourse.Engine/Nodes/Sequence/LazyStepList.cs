using System.Collections;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Per-step tensors of a fused sequence node (h_t, c_t), made on first access and then kept, so a training loop that
/// never looks at them does not allocate one array per step. The same index always returns the same tensor.
/// </summary>
internal sealed class LazyStepList(int count, Func<int, Tensor> create) : IReadOnlyList<Tensor>
{
    private readonly Tensor?[] _tensors = new Tensor?[count];

    public int Count => count;

    public Tensor this[int index]
    {
        get
        {
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(index), $"Step {index} does not exist: the sequence has {count} steps (0 to {count - 1}).");
            return _tensors[index] ??= create(index);
        }
    }

    /// <summary>The steps whose tensors exist already, with their index.</summary>
    public IEnumerable<(int Step, Tensor Tensor)> Made()
    {
        for (int t = 0; t < count; t++)
        {
            if (_tensors[t] is { } tensor) yield return (t, tensor);
        }
    }

    public IEnumerator<Tensor> GetEnumerator()
    {
        for (int t = 0; t < count; t++) yield return this[t];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
