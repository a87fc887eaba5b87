namespace DeepLearningCourse.Engine;

/// <summary>Flatten layer: [N, d1, d2, ...] → [N, d1·d2·...], e.g. between the conv layers and the Linear head (see <see cref="FlattenNode"/>).</summary>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten();
    }
}
