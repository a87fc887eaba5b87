namespace DeepLearningCourse.Engine.Tests.Optim;

/// <summary>
/// A long parameter is updated in chunks of <see cref="Optimizer.ChunkLength"/> values, split between the worker
/// threads. Every optimizer is element-wise, so that must give, bit for bit, what the same optimizer gives on the same
/// values held as many short parameters (one chunk each, on the calling thread), step after step.
/// </summary>
public class ChunkedUpdateTests
{
    private const int ShortLength = 1008;        // 63 whole vectors of 16: no element falls in a remainder loop
    private const int Pieces = 100;              // 100,800 values: split across threads, 7 chunks, the last one partial

    public static TheoryData<string> Optimizers => ["SGD", "Momentum", "Nesterov", "Adagrad", "Adadelta", "RMSProp", "Adam"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_long_parameter_equals_the_same_values_in_short_parameters(string name)
    {
        Assert.True(ShortLength * Pieces > 2 * Optimizer.ChunkLength, "the long parameter must span several chunks");
        var random = new Random(5);
        var values = new float[ShortLength * Pieces];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);

        var whole = Tensor.FromArray(values, values.Length).WithGrad();
        var pieces = Enumerable.Range(0, Pieces).Select(p => Tensor.FromArray(values.AsSpan(p * ShortLength, ShortLength).ToArray(), ShortLength).WithGrad()).ToArray();
        var onWhole = Create(name, [whole]);
        var onPieces = Create(name, pieces);

        for (int step = 0; step < 3; step++)
        {
            var gradient = new float[values.Length];
            for (int i = 0; i < gradient.Length; i++) gradient[i] = (float)(random.NextDouble() - 0.5);
            whole.Grad = Tensor.FromArray(gradient, gradient.Length);
            for (int p = 0; p < Pieces; p++) pieces[p].Grad = Tensor.FromArray(gradient.AsSpan(p * ShortLength, ShortLength).ToArray(), ShortLength);
            onWhole.Step();
            onPieces.Step();
            for (int p = 0; p < Pieces; p++)
            {
                Assert.True(whole.Data.AsSpan(p * ShortLength, ShortLength).SequenceEqual(pieces[p].Data),
                    $"{name}, step {step + 1}: values {p * ShortLength}..{(p + 1) * ShortLength - 1} differ between one long parameter and short ones");
            }
        }
        Assert.False(whole.Data.AsSpan().SequenceEqual(values), $"{name} did not change the weights");
    }

    private static Optimizer Create(string name, Tensor[] parameters) => name switch
    {
        "SGD" => new SGD(parameters, 0.1f, weightDecay: 0.01f),
        "Momentum" => new Momentum(parameters, 0.1f, 0.9f, weightDecay: 0.01f),
        "Nesterov" => new Nesterov(parameters, 0.1f, 0.9f, weightDecay: 0.01f),
        "Adagrad" => new Adagrad(parameters, 0.1f, weightDecay: 0.01f),
        "Adadelta" => new Adadelta(parameters, weightDecay: 0.01f),
        "RMSProp" => new RMSProp(parameters, 0.01f, weightDecay: 0.01f),
        "Adam" => new Adam(parameters, 0.01f, weightDecay: 0.01f),
        _ => throw new ArgumentException(name),
    };
}
