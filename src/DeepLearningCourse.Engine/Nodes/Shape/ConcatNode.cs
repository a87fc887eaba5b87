namespace DeepLearningCourse.Engine;

/// <summary>
/// Joins tensors along one axis: inputs [..., n_k, ...] (equal sizes on every other axis) → y [..., Σ n_k, ...].
/// Backward cuts the gradient back into the pieces, each with its input's shape.
/// </summary>
public sealed class ConcatNode(int axis) : Node
{
    private int[][] _inputShapes = [];

    public int Axis { get; } = axis;

    public override string OpName => $"Concat(axis={Axis})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("Concat: no tensors given; pass at least one.");
        Tensor first = inputs[0];
        if (first.Rank == 0)
            throw new ShapeException("Concat: scalars (shape []) have no axis to join along; use Stack, or reshape them to [1].");
        int a = Tensor.NormalizeAxis(Axis, first.Rank, "Concat");
        int total = 0;
        for (int k = 0; k < inputs.Length; k++)
        {
            Tensor t = inputs[k];
            bool fits = t.Rank == first.Rank;
            for (int i = 0; fits && i < t.Rank; i++) fits = i == a || t.Shape[i] == first.Shape[i];
            if (!fits)
                throw new ShapeException($"Concat: input {k} has shape {Tensor.ShapeText(t.Shape)} but input 0 has {Tensor.ShapeText(first.Shape)}; along axis {Axis} they may differ, every other axis must match.");
            total += t.Shape[a];
        }
        _inputShapes = inputs.Select(t => t.Shape).ToArray();
        var shape = (int[])first.Shape.Clone();
        shape[a] = total;
        var (outer, _, inner) = AxisSplit.Of(shape, a, "Concat");
        var y = TensorMemory.Zeroed(Tensor.ShapeSize(shape));
        int offset = 0; // position along the axis where the current input starts
        foreach (Tensor t in inputs)
        {
            int n = t.Shape[a];
            for (int o = 0; o < outer; o++)
                Array.Copy(t.Data, o * n * inner, y, (o * total + offset) * inner, n * inner);
            offset += n;
        }
        return new Tensor(y, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int a = Tensor.NormalizeAxis(Axis, gradOutput.Rank, "Concat");
        var (outer, total, inner) = AxisSplit.Of(gradOutput.Shape, a, "Concat");
        var grads = new Tensor?[_inputShapes.Length];
        int offset = 0;
        for (int k = 0; k < _inputShapes.Length; k++)
        {
            int n = _inputShapes[k][a];
            var dx = new float[Tensor.ShapeSize(_inputShapes[k])];
            for (int o = 0; o < outer; o++)
                Array.Copy(gradOutput.Data, (o * total + offset) * inner, dx, o * n * inner, n * inner);
            grads[k] = new Tensor(dx, _inputShapes[k]);
            offset += n;
        }
        return grads;
    }
}
