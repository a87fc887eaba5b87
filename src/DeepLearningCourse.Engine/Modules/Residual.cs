using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A residual block (He et al. 2016): y = x + α · branch(x). The skip connection passes x through unchanged, so
/// ∂y/∂x = I + α · ∂branch/∂x and the gradient reaching x always contains the gradient at y itself, however many
/// blocks are stacked.
/// Shapes: x any shape; the branch must return the same shape (it ends in a layer with as many outputs as x has
/// features). y has the shape of x. Where a block changes the shape, give it a projection shortcut instead of the
/// identity: y = shortcut(x) + α · branch(x), e.g. a Linear from the old width to the new one.
/// α is either a fixed number (<see cref="BranchScale"/>, 1 by default; 1/√blocks keeps the variance of a deep stack
/// from growing) or, from <see cref="WithLearnableScale"/>, a learnable scalar parameter <see cref="Scale"/> [1]
/// that starts at 0 so every block starts as the identity (SkipInit, De &amp; Smith 2020).
/// </summary>
public sealed class Residual : Module
{
    /// <summary>y = x + <paramref name="branchScale"/> · branch(x), with a fixed scale.</summary>
    public Residual(Module branch, float branchScale = 1f)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (!float.IsFinite(branchScale))
            throw new ArgumentOutOfRangeException(nameof(branchScale), branchScale, "Residual: the branch scale must be a finite number (1 for a plain skip connection).");
        Branch = AddModule("Branch", branch);
        BranchScale = branchScale;
    }

    /// <summary>
    /// y = <paramref name="shortcut"/>(x) + <paramref name="branchScale"/> · branch(x): a block that changes the shape,
    /// with a projection (a Linear, or a 1×1 convolution) on the skip path in place of the identity.
    /// </summary>
    public Residual(Module branch, Module shortcut, float branchScale = 1f)
        : this(branch, branchScale)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        Shortcut = AddModule("Shortcut", shortcut);
    }

    private Residual(Module branch, Tensor scale)
    {
        Branch = AddModule("Branch", branch);
        Scale = AddParameter("Scale", scale);
        BranchScale = float.NaN;
    }

    /// <summary>
    /// y = x + α · branch(x) with α a learnable scalar that starts at <paramref name="initialScale"/> (0: SkipInit,
    /// the block starts as the identity and the optimizer decides how much of the branch to let in).
    /// </summary>
    public static Residual WithLearnableScale(Module branch, float initialScale = 0f)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (!float.IsFinite(initialScale))
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "Residual.WithLearnableScale: the initial scale must be a finite number (0 for SkipInit).");
        return new Residual(branch, Tensor.Scalar(initialScale));
    }

    /// <summary>The function the block adds to its input.</summary>
    public Module Branch { get; }

    /// <summary>The projection on the skip path, or null for the identity.</summary>
    public Module? Shortcut { get; }

    /// <summary>The fixed α, or NaN when α is the learnable <see cref="Scale"/>.</summary>
    public float BranchScale { get; }

    /// <summary>The learnable α [1], or null when the scale is fixed.</summary>
    public Tensor? Scale { get; }

    /// <summary>
    /// branch(x) from the last call of <see cref="Forward"/>, before scaling: how much this block added (compare its
    /// variance with that of the input to see the branch's share of the signal). Detached: values only, no graph (a
    /// module that kept the graph would keep the whole training step alive until the next one). Null before the first call.
    /// </summary>
    public Tensor? LastBranchOutput { get; private set; }

    /// <summary>
    /// False skips the branch (y = x, or y = shortcut(x) with a projection): removes the block from a trained network
    /// without touching its weights, to see how much the network depends on it. True by default.
    /// </summary>
    public bool BranchEnabled { get; set; } = true;

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var skip = Shortcut is null ? input : Shortcut.Forward(input);
        if (!BranchEnabled) return skip;
        return Join(input, skip, Branch.Forward(input));
    }

    /// <summary>
    /// y = skip + α · branch for this block's input, its skip path's output and its branch's output (all of x's shape,
    /// or the projection's); checks the shapes and keeps the branch's values in <see cref="LastBranchOutput"/>.
    /// </summary>
    internal Tensor Join(Tensor input, Tensor skip, Tensor branch)
    {
        if (!branch.Shape.SequenceEqual(skip.Shape))
        {
            throw new ShapeException(Shortcut is null
                ? $"{Describe()}: the branch maps {Tensor.ShapeText(input.Shape)} to {Tensor.ShapeText(branch.Shape)}, " +
                  "but a skip connection adds the input to the branch's output, so both must have the same shape. " +
                  $"End the branch with a layer that returns {input.Shape[^1]} features (e.g. Linear(…, {input.Shape[^1]})), " +
                  "or give the block a projection shortcut: new Residual(branch, shortcut: new Linear(…)), mapping the input to the branch's shape."
                : $"{Describe()}: the branch maps {Tensor.ShapeText(input.Shape)} to {Tensor.ShapeText(branch.Shape)} but the shortcut to " +
                  $"{Tensor.ShapeText(skip.Shape)}; the block adds the two, so make the shortcut return the branch's shape.");
        }
        LastBranchOutput = branch.Detach();   // the values only: holding the graph would keep the whole step alive
        if (Scale is not null) return skip + Scale * branch;
        return BranchScale == 1f ? skip + branch : skip + branch * BranchScale;
    }

    public override string Describe()
    {
        string skip = Shortcut is null ? "x" : "shortcut(x)";
        return Scale is not null
            ? $"Residual({skip} + α·branch(x), α learnable)"
            : BranchScale == 1f
                ? $"Residual({skip} + branch(x))"
                : string.Create(CultureInfo.InvariantCulture, $"Residual({skip} + {BranchScale:G4}·branch(x))");
    }
}
