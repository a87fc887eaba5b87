namespace DeepLearningCourse.Engine;

/// <summary>
/// Multiplicative interaction layer (Jayakumar et al. 2020, "Multiplicative Interactions and Where to Find Them"):
/// <code>
/// f(x, z)_o = Σ_ij x_i W_ijo z_j + Σ_i x_i V_io + Σ_j z_j U_jo + b_o
/// </code>
/// Read it as a linear layer for x whose weights and bias are chosen by the context z:
/// f(x, z) = x · (V + Σ_j z_j W_·j·) + (b + z · U). A plain linear layer on [x, z] is the special case W = 0; with W
/// it represents products such as x · z exactly, which a ReLU network can only approximate piece by piece.
/// Shapes: x [batch, xFeatures], z [batch, zFeatures] → [batch, outFeatures]; W [xFeatures, zFeatures, outFeatures],
/// V [xFeatures, outFeatures], U [zFeatures, outFeatures], b [outFeatures].
/// <see cref="Forward(Tensor)"/> takes one input [batch, xFeatures + zFeatures], x first, so the layer can replace a
/// network that reads the concatenation. Initialisation: uniform with bound √(3 / fan-in) (fan-in xFeatures·zFeatures
/// for W), zero bias. Nodes: <see cref="BilinearNode"/> and <see cref="LinearNode"/>.
/// </summary>
public sealed class MultiplicativeInteraction : Module
{
    public MultiplicativeInteraction(int xFeatures, int zFeatures, int outFeatures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (xFeatures <= 0 || zFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"MultiplicativeInteraction: sizes must be positive, got x {xFeatures}, z {zFeatures}, out {outFeatures}.");
        (XFeatures, ZFeatures, OutFeatures) = (xFeatures, zFeatures, outFeatures);
        Weight = AddParameter("W", Uniform(random, xFeatures * zFeatures, xFeatures, zFeatures, outFeatures));
        XWeight = AddParameter("V", Uniform(random, xFeatures, xFeatures, outFeatures));
        ZWeight = AddParameter("U", Uniform(random, zFeatures, zFeatures, outFeatures));
        Bias = AddParameter("b", Tensor.Zeros(outFeatures));
    }

    public int XFeatures { get; }

    public int ZFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>W [xFeatures, zFeatures, outFeatures]: the multiplicative part.</summary>
    public Tensor Weight { get; }

    /// <summary>V [xFeatures, outFeatures]: the linear part for x (the weights when z = 0).</summary>
    public Tensor XWeight { get; }

    /// <summary>U [zFeatures, outFeatures]: the linear part for z.</summary>
    public Tensor ZWeight { get; }

    /// <summary>b [outFeatures].</summary>
    public Tensor Bias { get; }

    /// <summary>input [batch, xFeatures + zFeatures] (x then z) → [batch, outFeatures].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != XFeatures + ZFeatures)
            throw new ShapeException($"{Describe()}: input has shape {Tensor.ShapeText(input.Shape)} but must be [batch, {XFeatures + ZFeatures}] (x's {XFeatures} features, then z's {ZFeatures}); or call Forward(x, z).");
        return Forward(input.Slice(1, 0, XFeatures), input.Slice(1, XFeatures, ZFeatures));
    }

    /// <summary>x [batch, xFeatures], z [batch, zFeatures] → [batch, outFeatures].</summary>
    public Tensor Forward(Tensor x, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(z);
        if (x.Rank != 2 || z.Rank != 2 || x.Shape[1] != XFeatures || z.Shape[1] != ZFeatures || x.Shape[0] != z.Shape[0])
            throw new ShapeException($"{Describe()}: x is {Tensor.ShapeText(x.Shape)} and z is {Tensor.ShapeText(z.Shape)} but must be [batch, {XFeatures}] and [batch, {ZFeatures}] with the same batch.");
        Tensor product = new BilinearNode().Apply(x, z, Weight);
        return product + new LinearNode().Apply(x, XWeight, Bias) + new LinearNode().Apply(z, ZWeight);
    }

    public override string Describe() => $"MultiplicativeInteraction(x {XFeatures}, z {ZFeatures} → {OutFeatures})";

    private static Tensor Uniform(Random random, int fanIn, params int[] shape)
    {
        float bound = MathF.Sqrt(3f / fanIn);
        return Tensor.Uniform(random, -bound, bound, shape);
    }
}
