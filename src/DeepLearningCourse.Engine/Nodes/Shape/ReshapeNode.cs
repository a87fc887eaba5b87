namespace DeepLearningCourse.Engine;

/// <summary>
/// Same values, new shape: x [d0, d1, ...] → y [shape] with the same number of values, read in row-major order.
/// One dimension may be −1, meaning "whatever makes the sizes match" ([6, 4] reshaped to [-1, 2] is [12, 2]).
/// The output shares storage with the input (like PyTorch's view); no values are copied.
/// Backward reshapes the gradient back to the input's shape.
/// </summary>
public sealed class ReshapeNode : Node
{
    private readonly int[] _requested;
    private int[] _inputShape = [];

    public ReshapeNode(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _requested = (int[])shape.Clone();
    }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        _inputShape = x.Shape;
        return new Tensor(x.Data, ResolveShape(x.Shape, _requested, OpName));
    }

    public override Tensor?[] Backward(Tensor gradOutput) => [new Tensor(gradOutput.Data, _inputShape)];

    /// <summary>The requested shape with any −1 replaced by the size that keeps the number of values.</summary>
    public static int[] ResolveShape(int[] inputShape, int[] requested, string op = "Reshape")
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(requested);
        long size = Tensor.ShapeSize(inputShape);
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            int d = requested[i];
            if (d == -1)
            {
                if (inferred >= 0)
                    throw new ShapeException($"{op}: shape {Tensor.ShapeText(requested)} has more than one -1; only one dimension can be inferred.");
                inferred = i;
            }
            else if (d < 0)
            {
                throw new ShapeException($"{op}: shape {Tensor.ShapeText(requested)} has the negative dimension {d}; use sizes ≥ 0 and at most one -1.");
            }
            else
            {
                known *= d;
            }
        }
        var result = (int[])requested.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || size % known != 0)
                throw new ShapeException($"{op}: cannot reshape {Tensor.ShapeText(inputShape)} ({size} values) into {Tensor.ShapeText(requested)}: {size} is not a multiple of {known}, the product of the other dimensions.");
            result[inferred] = (int)(size / known);
        }
        else if (known != size)
        {
            throw new ShapeException($"{op}: cannot reshape {Tensor.ShapeText(inputShape)} ({size} values) into {Tensor.ShapeText(requested)} ({known} values); the product of the new dimensions must be {size} (use -1 for one dimension to infer it).");
        }
        return result;
    }
}
