namespace DeepLearningCourse.Gpu.Tests;

/// <summary>The device training steps: CPU backend against the engine's autograd, ILGPU against the CPU backend.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class TrainingStepTests(IlgpuCpuFixture fixture)
{
    private static Sequential Mlp(int seed) =>
        new(new Linear(6, 7, new Random(seed)), new ReLU(), new Linear(7, 5, new Random(seed + 1)), new ReLU(), new Linear(5, 3, new Random(seed + 2)));

    private static List<Linear> Linears(Sequential model) => model.Layers.OfType<Linear>().ToList();

    [Fact]
    public void Mlp_step_on_the_cpu_backend_matches_the_engine_autograd_step()
    {
        const float learningRate = 0.1f;
        var x = TestData.Random(20, 9, 6);
        var labels = TestData.Labels(21, 9, 3);

        // The engine: forward with autograd, Loss.SoftmaxCrossEntropy, backward, SGD written out.
        var model = Mlp(1);
        var lossTensor = Loss.SoftmaxCrossEntropy(model.Forward(x), labels);
        float expectedLoss = lossTensor.Item();
        lossTensor.Backward();
        foreach (var p in model.Parameters())
        {
            for (int i = 0; i < p.Size; i++) p.Data[i] -= learningRate * p.Grad!.Data[i];
        }

        var reference = Mlp(1);
        using var step = MlpTrainingStep.FromSequential(fixture.Cpu, reference, 9, DeviceOptimizer.Sgd(learningRate));
        step.Step(x, labels);
        Assert.Equal(expectedLoss, step.ReadLoss(), 1e-5f);
        step.CopyParametersTo(Linears(reference));
        foreach (var (expected, actual) in model.Parameters().Zip(reference.Parameters()))
            TestData.AssertClose(expected, actual, 1e-5f, "parameter after one step");
    }

    [Fact]
    public void Mlp_adam_steps_on_ilgpu_match_the_engine_adam_optimizer()
    {
        var x = TestData.Random(33, 10, 6);
        var labels = TestData.Labels(34, 10, 3);
        var model = Mlp(4);
        var adam = new Adam(model.Parameters(), learningRate: 0.01f);
        var reference = Mlp(4);
        using var step = MlpTrainingStep.FromSequential(fixture.Gpu, reference, 10, DeviceOptimizer.Adam(0.01f));
        for (int s = 0; s < 3; s++)
        {
            adam.ZeroGrad();
            var loss = Loss.SoftmaxCrossEntropy(model.Forward(x), labels);
            loss.Backward();
            adam.Step();
            step.Step(x, labels);
            Assert.Equal(loss.Item(), step.ReadLoss(), 1e-5f);
        }
        step.CopyParametersTo(Linears(reference));
        foreach (var (expected, actual) in model.Parameters().Zip(reference.Parameters()))
            TestData.AssertClose(expected, actual, 1e-4f, "parameter after three Adam steps");
    }

    [Theory]
    [InlineData(SgemmAlgorithm.Naive, DeviceOptimizerKind.Sgd)]
    [InlineData(SgemmAlgorithm.Tiled, DeviceOptimizerKind.Adam)]
    [InlineData(SgemmAlgorithm.RegisterBlocked, DeviceOptimizerKind.Adam)]
    public void Mlp_steps_on_ilgpu_match_the_cpu_backend(SgemmAlgorithm algorithm, DeviceOptimizerKind optimizerKind)
    {
        var optimizer = optimizerKind == DeviceOptimizerKind.Sgd ? DeviceOptimizer.Sgd(0.1f) : DeviceOptimizer.Adam(0.01f);
        var x = TestData.Random(22, 17, 6);
        var labels = TestData.Labels(23, 17, 3);
        fixture.Gpu.Sgemm = algorithm;
        using var cpu = MlpTrainingStep.FromSequential(fixture.Cpu, Mlp(2), 17, optimizer);
        using var gpu = MlpTrainingStep.FromSequential(fixture.Gpu, Mlp(2), 17, optimizer);
        float firstLoss = 0;
        for (int s = 0; s < 3; s++)
        {
            cpu.Step(x, labels);
            gpu.Step(x, labels);
            Assert.Equal(cpu.ReadLoss(), gpu.ReadLoss(), 1e-5f);
            if (s == 0) firstLoss = cpu.ReadLoss();
        }
        Assert.True(cpu.ReadLoss() < firstLoss, $"loss should fall on a fixed batch: {firstLoss} → {cpu.ReadLoss()}");
        foreach (var (expected, actual) in cpu.Parameters.Download().Zip(gpu.Parameters.Download()))
            TestData.AssertClose(expected, actual, 1e-4f, "parameter after three steps");
    }

    [Fact]
    public void Cnn_steps_on_ilgpu_match_the_cpu_backend()
    {
        var x = TestData.Random(24, 3, 2, 7, 6);
        var labels = TestData.Labels(25, 3, 4);
        using var cpu = CnnTrainingStep.CreateRandom(fixture.Cpu, new Random(5), 3, 2, 7, 6, filters: 3, kernel: 3, classes: 4, DeviceOptimizer.Adam(0.01f), stride: 2, padding: 1);
        using var gpu = CnnTrainingStep.CreateRandom(fixture.Gpu, new Random(5), 3, 2, 7, 6, filters: 3, kernel: 3, classes: 4, DeviceOptimizer.Adam(0.01f), stride: 2, padding: 1);
        for (int s = 0; s < 3; s++)
        {
            cpu.Step(x, labels);
            gpu.Step(x, labels);
            Assert.Equal(cpu.ReadLoss(), gpu.ReadLoss(), 1e-5f);
        }
        foreach (var (expected, actual) in cpu.Parameters.Download().Zip(gpu.Parameters.Download()))
            TestData.AssertClose(expected, actual, 1e-4f, "CNN parameter after three steps");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cnn_step_matches_the_engine_conv2d_model_step(bool onIlgpu)
    {
        const float learningRate = 0.05f;
        var x = TestData.Random(31, 3, 2, 6, 5);
        var labels = TestData.Labels(32, 3, 4);
        (Conv2d Conv, Linear Linear, Sequential Model) Build()
        {
            var conv = new Conv2d(2, 3, 3, new Random(7), stride: 1, padding: 1);
            var linear = new Linear(3 * 6 * 5, 4, new Random(8));
            return (conv, linear, new Sequential(conv, new ReLU(), new Flatten(), linear));
        }

        var engine = Build();
        var loss = Loss.SoftmaxCrossEntropy(engine.Model.Forward(x), labels);
        loss.Backward();
        foreach (var p in engine.Model.Parameters())
        {
            for (int i = 0; i < p.Size; i++) p.Data[i] -= learningRate * p.Grad!.Data[i];
        }

        var device = Build();
        ComputeBackend backend = onIlgpu ? fixture.Gpu : fixture.Cpu;
        using var step = CnnTrainingStep.FromModules(backend, device.Conv, device.Linear, 3, 6, 5, DeviceOptimizer.Sgd(learningRate));
        step.Step(x, labels);
        Assert.Equal(loss.Item(), step.ReadLoss(), 1e-5f);
        step.CopyParametersTo(device.Conv, device.Linear);
        foreach (var (expected, actual) in engine.Model.Parameters().Zip(device.Model.Parameters()))
            TestData.AssertClose(expected, actual, 1e-5f, "CNN parameter after one step");
    }

    [Fact]
    public void Cnn_gradients_on_the_cpu_backend_match_finite_differences()
    {
        // SGD with learning rate 1 turns "parameter before − parameter after" into the gradient.
        var x = TestData.Random(26, 2, 1, 5, 5);
        var labels = TestData.Labels(27, 2, 3);
        var random = new Random(6);
        var convWeight = TestData.Random(28, 2, 1, 3, 3);
        var convBias = TestData.Random(29, 2) * 0.1f;
        var linearWeight = TestData.Random(30, 2 * 5 * 5, 3) * 0.3f;
        var linearBias = Tensor.Zeros(3);
        Tensor[] initial = [convWeight, convBias, linearWeight, linearBias];

        using var step = new CnnTrainingStep(fixture.Cpu, 2, 5, 5, convWeight, convBias, linearWeight, linearBias, DeviceOptimizer.Sgd(1f), padding: 1);
        step.Step(x, labels);
        var after = step.Parameters.Download();

        float LossAt(Tensor[] parameters)
        {
            using var probe = new CnnTrainingStep(fixture.Cpu, 2, 5, 5, parameters[0], parameters[1], parameters[2], parameters[3], DeviceOptimizer.Sgd(0f), padding: 1);
            probe.Step(x, labels);
            return probe.ReadLoss();
        }

        for (int p = 0; p < initial.Length; p++)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                int i = random.Next(initial[p].Size);
                const float h = 1e-2f;
                var plus = initial.Select(t => t.Clone()).ToArray();
                var minus = initial.Select(t => t.Clone()).ToArray();
                plus[p].Data[i] += h;
                minus[p].Data[i] -= h;
                float numeric = (LossAt(plus) - LossAt(minus)) / (2 * h);
                float analytic = initial[p].Data[i] - after[p].Data[i];
                Assert.True(MathF.Abs(numeric - analytic) <= 2e-3f + 2e-2f * MathF.Abs(numeric),
                    $"parameter {p}, element {i}: analytic {analytic}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void A_batch_of_the_wrong_size_is_rejected_with_the_fix()
    {
        using var step = MlpTrainingStep.FromSequential(fixture.Cpu, Mlp(3), 8, DeviceOptimizer.Sgd(0.1f));
        var e = Assert.Throws<ShapeException>(() => step.Step(Tensor.Zeros(5, 6), Tensor.Zeros(5)));
        Assert.Contains("MlpTrainingStep", e.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 6]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[8, 6]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_models_are_rejected()
    {
        var model = new Sequential(new Linear(2, 2, new Random(1)), new Linear(2, 2, new Random(2)));
        var e = Assert.Throws<ArgumentException>(() => MlpTrainingStep.FromSequential(fixture.Cpu, model, 4, DeviceOptimizer.Sgd(0.1f)));
        Assert.Contains("Linear, ReLU", e.Message, StringComparison.Ordinal);
    }
}
