namespace DeepLearningCourse.Engine.Tests;

public class ValueFingerprintTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Changing_any_single_value_changes_the_fingerprint(int size)
    {
        var tensor = NodeTestKit.Random(size, -1, 1, size);
        var other = NodeTestKit.Random(size + 1, -1, 1, 3, 2);
        ulong taken = ValueFingerprint.Of(tensor, other);
        Assert.Equal(taken, ValueFingerprint.Of(tensor, other));
        for (int i = 0; i < size; i++)
        {
            float kept = tensor.Data[i];
            tensor.Data[i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(kept) ^ 1); // one bit of one value
            Assert.NotEqual(taken, ValueFingerprint.Of(tensor, other));
            tensor.Data[i] = kept;
        }
        Assert.Equal(taken, ValueFingerprint.Of(tensor, other));
        Assert.NotEqual(taken, ValueFingerprint.Of(other, tensor));
    }
}
