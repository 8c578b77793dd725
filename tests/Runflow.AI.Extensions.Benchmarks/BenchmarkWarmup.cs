using System.Diagnostics;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Runs every row of a class for a while before the class's first measurement, once per process.
/// </summary>
/// <remarks>
/// BenchmarkDotNet warms each row just before measuring it, but the runtime's tiered compiler keeps promoting the code
/// all rows share (sockets, <see cref="HttpClient"/>, the Kestrel stub) for some seconds after a process starts. The
/// first row of a class, the floor, was measured during that time: in one run of <see cref="ConcurrencyBenchmarks"/>
/// its first five measured iterations took 3.5–4.9 ms and its last fifteen 2.2–3.0 ms, which made every other row look
/// faster against it than it was. Warming all rows first gives the floor the same settled process the others get.
/// </remarks>
internal static class BenchmarkWarmup
{
    private static readonly TimeSpan PerRow = TimeSpan.FromSeconds(1.5);
    private static readonly HashSet<string> Warmed = [];

    /// <summary>Runs each of <paramref name="rows"/> again and again for 1.5 s, the first time <paramref name="scope"/> asks.</summary>
    /// <param name="scope">Who asks: the benchmark class, so that each class warms once however many cases it has.</param>
    /// <param name="rows">One invocation of each row.</param>
    public static void Once(string scope, params Func<Task>[] rows)
    {
        lock (Warmed)
        {
            if (!Warmed.Add(scope))
            {
                return;
            }
        }

        foreach (var row in rows)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < PerRow)
            {
                row().GetAwaiter().GetResult();
            }
        }
    }
}
