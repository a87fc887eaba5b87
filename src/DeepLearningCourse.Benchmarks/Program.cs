using System.Reflection;
using System.Runtime.Intrinsics;
using DeepLearningCourse.Benchmarks;

// Usage: dotnet run -c Release --project src/DeepLearningCourse.Benchmarks [-- --only sgemm,conv] [--quick] [--compare] [--list]
// --compare first runs the same workloads in PyTorch CPU (pytorch/peer_benchmarks.py) and prints its figures beside ours.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries);
bool quick = args.Contains("--quick");
bool compare = args.Contains("--compare");
var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t.IsSubclassOf(typeof(BenchmarkSuite)) && !t.IsAbstract)
    .Select(t => (BenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal)
    .ToList();
if (args.Contains("--list"))
{
    foreach (var s in suites) Console.WriteLine(s.Name);
    return 0;
}
Console.WriteLine($"DeepLearningCourse benchmarks — {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, " +
    $"Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, Vector256 {(Vector256.IsHardwareAccelerated ? "yes" : "no")}, .NET {Environment.Version}" +
    (quick ? " (quick mode: figures are rough)" : ""));
var report = new BenchmarkReport(Console.Out, quick);
var selected = suites.Where(s => only is null || only.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
if (compare) report.Comparison = ComparisonMode.Start(selected.Select(s => s.Name), quick, Console.Out);
foreach (var suite in selected)
{
    suite.Run(report);
}
if (report.Comparison is not null) ComparisonMode.Finish(report.Comparison, Console.Out);
return 0;
