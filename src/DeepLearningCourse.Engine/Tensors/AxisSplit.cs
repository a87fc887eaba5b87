namespace DeepLearningCourse.Engine;

/// <summary>
/// Views a shape as [outer, n, inner] around one axis, which is how every reduction and softmax along an axis
/// walks memory: element (o, j, i) sits at <c>(o * n + j) * inner + i</c>.
/// </summary>
public static class AxisSplit
{
    /// <summary>Sizes before, at and after <paramref name="axis"/>.</summary>
    public static (int Outer, int N, int Inner) Of(int[] shape, int axis, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int a = Tensor.NormalizeAxis(axis, shape.Length, op);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= shape[i];
        for (int i = a + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[a], inner);
    }

    /// <summary>The shape with <paramref name="axis"/> removed, or set to 1 when <paramref name="keepDims"/>.</summary>
    public static int[] ReducedShape(int[] shape, int axis, bool keepDims)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int a = Tensor.NormalizeAxis(axis, shape.Length, "reduce");
        var list = shape.ToList();
        if (keepDims) list[a] = 1;
        else list.RemoveAt(a);
        return [.. list];
    }
}
