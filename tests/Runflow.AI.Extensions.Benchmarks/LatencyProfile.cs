using System.Diagnostics;
using System.Globalization;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// One caller's latency, row against row, with the rows' calls interleaved one by one: a round times one call of
/// each row, in an order that turns every round, so the machine's drift, which moves BenchmarkDotNet's rows (measured
/// one after another, about 40 s each) by more than the targets allow, falls on every row alike.
/// </summary>
/// <remarks>Run with <c>-- latency chat [rounds]</c> for <see cref="ChatCompletionBenchmarks"/>' rows,
/// <c>-- latency stream [rounds]</c> for <see cref="StreamingBenchmarks"/>', or <c>-- latency first [rounds]</c> for
/// <see cref="TimeToFirstUpdateBenchmarks"/>'. The rows are the classes' own
/// benchmark methods after their own setup, so both tools measure the same calls; <c>-- latency raw,runflow [rounds]</c>
/// takes the load mode's rows (see <see cref="LoadProfile"/>) with one caller.</remarks>
internal static class LatencyProfile
{
    private const int Blocks = 20;

    /// <summary>Runs the comparison named by <paramref name="args"/> and prints each row's times and ratios.</summary>
    public static async Task RunAsync(string[] args)
    {
        var kind = args.Length > 1 ? args[1] : "chat";
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        if (rounds < Blocks)
        {
            throw new ArgumentException($"At least {Blocks} rounds are needed, one block each; {rounds} were asked for.", nameof(args));
        }

        var (names, rows, cleanup) = Create(kind);
        try
        {
            // A second of each row at a time until a round compiles almost nothing: a warm-up counted in calls (a
            // thousand rounds took a few tens of milliseconds) ends before the tiered compiler recompiles anything.
            await LoadProfile.WarmUntilCompiledAsync(rows, callers: 1).ConfigureAwait(false);
            var micros = new double[rows.Length, rounds];
            for (var round = 0; round < rounds; round++)
            {
                for (var turn = 0; turn < rows.Length; turn++)
                {
                    var row = (round + turn) % rows.Length;
                    var started = Stopwatch.GetTimestamp();
                    await rows[row]().ConfigureAwait(false);
                    micros[row, round] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
            }

            Print(kind, names, micros, rounds);
        }
        finally
        {
            cleanup();
        }
    }

    private static (string[] Names, Func<Task>[] Rows, Action Cleanup) Create(string kind)
    {
        switch (kind)
        {
            case "chat":
                var chat = new ChatCompletionBenchmarks();
                chat.Setup();
                return ClientRows(chat.RawHttpClient, chat.RunflowChatClient, chat.OpenAIChatClient, chat.Cleanup);
            case "stream":
                var stream = new StreamingBenchmarks();
                stream.Setup();
                return ClientRows(stream.RawHttpClient, stream.RunflowChatClient, stream.OpenAIChatClient, stream.Cleanup);
            case "first":
                var first = new TimeToFirstUpdateBenchmarks();
                first.Setup();
                return ClientRows(first.RawHttpClient, first.RunflowChatClient, first.OpenAIChatClient, first.Cleanup);
            default:
                var rows = kind.Split(',');
                return (rows, rows.Select(LoadProfile.Create).ToArray(), () => { });
        }
    }

    /// <summary>A benchmark class's three rows, named as its methods are.</summary>
    private static (string[] Names, Func<Task>[] Rows, Action Cleanup) ClientRows(Func<Task> raw, Func<Task> runflow, Func<Task> openAI, Action cleanup) =>
        ([nameof(ChatCompletionBenchmarks.RawHttpClient), nameof(ChatCompletionBenchmarks.RunflowChatClient), nameof(ChatCompletionBenchmarks.OpenAIChatClient)], [raw, runflow, openAI], cleanup);

    /// <summary>Prints each row's mean, median and 90th percentile, and its ratios of means and of medians to the first
    /// row's: each the mean of the ratios over <see cref="Blocks"/> blocks of consecutive rounds, with twice its standard
    /// error. One caller's times on two cores are bimodal (a reply that arrives while the thread that waits for it still
    /// spins is read tens of microseconds sooner), so a median can jump where the mean moves little.</summary>
    private static void Print(string kind, string[] names, double[,] micros, int rounds)
    {
        var perBlock = rounds / Blocks;
        double[] Slice(int row, int block) => Enumerable.Range(block * perBlock, perBlock).Select(round => micros[row, round]).ToArray();
        string Ratio(int row, Func<double[], double> statistic)
        {
            var ratios = Enumerable.Range(0, Blocks).Select(block => statistic(Slice(row, block)) / statistic(Slice(0, block))).ToArray();
            var mean = ratios.Average();
            var margin = 2 * Math.Sqrt(ratios.Sum(r => (r - mean) * (r - mean)) / (Blocks - 1) / Blocks);
            return string.Create(CultureInfo.InvariantCulture, $"{mean:N3}× ± {margin:N3}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: {rounds:N0} rounds of {names.Length} calls, one caller, interleaved; stub {(BenchmarkStub.InProcess ? "in this process" : "in its own process")}"));
        Console.WriteLine($"{"row",-22} {"mean",8} {"median",8} {"p90",8}   {"ratio of means",-16}   ratio of medians");
        for (var row = 0; row < names.Length; row++)
        {
            var all = Enumerable.Range(0, rounds).Select(round => micros[row, round]).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[row],-22} {all.Average(),5:N1} µs {Median(all),5:N1} µs {Percentile(all, 0.9),5:N1} µs   {Ratio(row, values => values.Average()),-16}   {Ratio(row, Median)}"));
        }
    }

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double share)
    {
        var sorted = values.Order().ToArray();
        var at = share * (sorted.Length - 1);
        var below = (int)Math.Floor(at);
        return below + 1 < sorted.Length ? sorted[below] + ((at - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }
}
