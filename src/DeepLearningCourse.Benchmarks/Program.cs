using System.Reflection;
using System.Runtime.Intrinsics;
using DeepLearningCourse.Benchmarks;

// Usage: dotnet run -c Release --project src/DeepLearningCourse.Benchmarks [-- --only sgemm,conv] [--quick] [--compare [--rounds N]] [--list]
// --compare first runs the same workloads in PyTorch CPU (pytorch/peer_benchmarks.py) and prints its figures beside ours;
// --rounds N repeats that (peer, then ours) N times and ends with one table of medians and every round's speed ratio.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries);
bool quick = args.Contains("--quick");
bool compare = args.Contains("--compare");
string? roundsText = args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault();
int rounds = 1;
if (args.Contains("--rounds") && (!int.TryParse(roundsText, out rounds) || rounds < 1 || rounds > 20 || !compare))
{
    Console.Error.WriteLine($"--rounds needs --compare and a number of rounds from 1 to 20 (got \"{roundsText}\"), e.g. --compare --rounds 3.");
    return 2;
}
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
var comparedRounds = new List<IReadOnlyList<ComparedRow>>();
var roundStates = new List<IReadOnlyList<string>>();
string? peerDescription = null;
for (int round = 1; round <= rounds; round++)
{
    if (rounds > 1) Console.WriteLine($"{Environment.NewLine}==== round {round} of {rounds}");
    if (compare) report.Comparison = ComparisonMode.Start(selected.Select(s => s.Name), quick, Console.Out);
    int stateBefore = report.MachineState.Count;
    foreach (var suite in selected)
    {
        suite.Run(report);
    }
    if (report.Comparison is null) continue;
    ComparisonMode.Finish(report.Comparison, Console.Out);
    comparedRounds.Add(report.Comparison.Pairs.ToList());
    roundStates.Add(report.MachineState.Skip(stateBefore).ToList());
    peerDescription = report.Comparison.PeerDescription;
}
if (comparedRounds.Count > 1) Console.Write(RoundsSummary.Markdown(comparedRounds, MachineDescription.Describe(), peerDescription!, roundStates));
return 0;
