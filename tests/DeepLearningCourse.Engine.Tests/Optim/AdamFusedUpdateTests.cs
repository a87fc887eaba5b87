namespace DeepLearningCourse.Engine.Tests;

public class AdamFusedUpdateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(1000)]
    public void Fused_update_equals_the_reference_over_several_steps(int length)
    {
        var random = new Random(length);
        float[] Fill() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] w1 = Fill(), m1 = new float[length], v1 = new float[length];
        float[] w2 = (float[])w1.Clone(), m2 = new float[length], v2 = new float[length];
        for (int step = 1; step <= 5; step++)
        {
            float[] g = Fill();
            float lr = (float)(0.01 / (1 - Math.Pow(0.9, step)));
            float rc2 = (float)(1 / Math.Sqrt(1 - Math.Pow(0.999, step)));
            Adam.ReferenceUpdate(w1, g, m1, v1, 0.9f, 0.999f, 1e-8f, lr, rc2);
            Adam.FusedUpdate(w2, g, m2, v2, 0.9f, 0.999f, 1e-8f, lr, rc2);
        }
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(w1[i], w2[i], 1e-5f);
            Assert.Equal(m1[i], m2[i], 1e-6f);
            Assert.Equal(v1[i], v2[i], 1e-6f);
        }
    }
}
