using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Runs several branches on the same input and joins their outputs along the channel axis (axis 1), as an
/// Inception block does: y = concat(branch₀(x), branch₁(x), …).
/// Shapes: x [N, C, H, W] → y [N, Σ Cᵢ, H', W'] where branch i gives [N, Cᵢ, H', W'] (every branch must keep the same
/// height and width); also x [N, F] → y [N, Σ Fᵢ] for dense branches.
/// Backward (by autodiff): each branch gets its own slice of dy, and x's gradient is the sum of the branches'.
/// </summary>
public sealed class Branches : Module
{
    private readonly List<Module> _branches = [];

    public Branches(params Module[] branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Length == 0) throw new ArgumentException("Branches: no branches given; pass at least one module.", nameof(branches));
        for (int i = 0; i < branches.Length; i++)
        {
            _branches.Add(AddModule(i.ToString(CultureInfo.InvariantCulture),
                branches[i] ?? throw new ArgumentNullException(nameof(branches), $"Branches: branch {i} is null.")));
        }
        BranchEnabled = Enumerable.Repeat(true, branches.Length).ToArray();
    }

    /// <summary>
    /// One switch per branch, all true at first. A switched-off branch still runs (so its shape is checked) but
    /// contributes zeros in its channels: a lesion test of what a trained network gets from that branch, without
    /// touching its weights. Set back to true to restore it.
    /// </summary>
    public bool[] BranchEnabled { get; }

    /// <summary>The branches in order; their outputs are concatenated in this order.</summary>
    public IReadOnlyList<Module> Layers => _branches;

    /// <summary>
    /// The number of channels (axis 1) each branch gave in the last <see cref="Forward"/>, in branch order; empty
    /// before the first call.
    /// </summary>
    public IReadOnlyList<int> LastBranchChannels { get; private set; } = [];

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Join(_branches.Select(branch => branch.Forward(input)).ToArray());
    }

    /// <summary>
    /// Joins the branches' outputs (one per branch, in order) along axis 1: checks that they line up, puts zeros in the
    /// channels of switched-off branches and records <see cref="LastBranchChannels"/>.
    /// </summary>
    internal Tensor Join(Tensor[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            CheckMatches(i, outputs[i], outputs[0]);
            if (!BranchEnabled[i]) outputs[i] = Tensor.Zeros(outputs[i].Shape);
        }
        LastBranchChannels = outputs.Select(o => o.Shape[1]).ToArray();
        return outputs.Length == 1 ? outputs[0] : Tensor.Concat(1, outputs);
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Branches({_branches.Count} branches, joined along channels)");

    private void CheckMatches(int index, Tensor output, Tensor first)
    {
        bool fits = output.Rank >= 2 && output.Rank == first.Rank;
        for (int axis = 0; fits && axis < output.Rank; axis++) fits = axis == 1 || output.Shape[axis] == first.Shape[axis];
        if (fits) return;
        string hint = output.Rank == 4 && first.Rank == 4
            ? " Keep every branch's height and width: stride 1, padding (k − 1) / 2 for a k×k convolution, and MaxPool2d(3, 1, padding: 1) for a pool branch."
            : " Every branch must give [N, channels, …] with the same sizes on every axis but 1.";
        throw new ShapeException($"Branches: branch {index} ({_branches[index].Describe()}) gives {Tensor.ShapeText(output.Shape)} but branch 0 " +
            $"({_branches[0].Describe()}) gives {Tensor.ShapeText(first.Shape)}; they are joined along axis 1 (channels), so all other axes must match.{hint}");
    }
}
