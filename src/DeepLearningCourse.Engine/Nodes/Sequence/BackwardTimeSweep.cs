namespace DeepLearningCourse.Engine;

/// <summary>
/// Backpropagation through time for the fused sequence nodes, from the last step to the first. Each step is split
/// by hidden units into <see cref="Parts"/> parts that run in parallel (<see cref="RecurrentMath.Units"/>); a part
/// forms its units of dL/dh_t (<see cref="StepGradient"/>) and then the gate gradients of those units. The steps
/// themselves are sequential, since step t needs what step t+1 sent back. A final pass with <see cref="Step"/> = −1
/// forms only dL/dh_0.
/// </summary>
internal abstract class BackwardTimeSweep(int batch, int steps, int hidden, int parts)
{
    protected int Batch => batch;

    protected int Steps => steps;

    protected int Hidden => hidden;

    protected int Parts => parts;

    /// <summary>The step t being formed, T−1 down to 0, then −1 for dL/dh_0.</summary>
    protected int Step { get; private set; }

    /// <summary>dL/dh_t [B, H] of the current step, to be filled by the parts (each writes its own units).</summary>
    protected float[] StepGradient { get; private set; } = [];

    /// <summary>One part of the current step.</summary>
    protected abstract void RunPart(int part);

    /// <summary>Runs every step, stores dL/dh_t on <paramref name="stepHidden"/>[t].Grad, and returns dL/dh_0 [B, H].</summary>
    public float[] Run(IReadOnlyList<Tensor> stepHidden)
    {
        int state = batch * hidden;
        var dh0 = new float[state];
        for (int t = steps - 1; t >= -1; t--)
        {
            Step = t;
            StepGradient = t >= 0 ? GC.AllocateUninitializedArray<float>(state) : dh0; // the parts write every unit
            WorkerThreads.Run(parts, this, static (part, sweep) => sweep.RunPart(part));
            if (t >= 0) stepHidden[t].Grad = new Tensor(StepGradient, batch, hidden);
        }
        return dh0;
    }
}
