namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class MachineDescriptionTests
{
    [Fact]
    public void The_cpu_model_is_the_first_processors_name_with_family_and_model()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx512f\n\n" +
            "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nmodel name\t: Other CPU\n";

        Assert.Equal("AMD EPYC (family 26, model 2)", MachineDescription.CpuModel(cpuinfo));
    }

    [Fact]
    public void Without_family_numbers_the_name_alone_and_without_a_name_nothing()
    {
        Assert.Equal("Some CPU", MachineDescription.CpuModel("processor : 0\nmodel name : Some CPU\n"));
        Assert.Null(MachineDescription.CpuModel("processor : 0\nBogoMIPS : 50.00\nCPU implementer : 0x41\n"));
    }
}
