using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// A steady load for profilers (<c>dotnet-trace</c>, <c>dotnet-counters</c>): callers that each send the next call as soon
/// as the last returns, for a while, against the same stub as the benchmarks; then the runtime's own counters per call.
/// </summary>
/// <remarks>Run with <c>-- load &lt;row&gt; [callers] [seconds] [--allocations]</c>, or with rows separated by commas
/// (<c>raw,runflow</c>) to run them in turn in one process, a second each, for as many rounds as seconds. Throughput
/// here is for reading a profile and for checking a change quickly, not for reporting: the BenchmarkDotNet rows are
/// the measurement.</remarks>
internal static class LoadProfile
{
    /// <summary>A row <c>raw-spin{nanoseconds}</c>: the floor plus that much CPU per call.</summary>
    private const string SpinRow = "raw-spin";

    /// <summary>A row <c>raw-garbage{count}</c>: the floor plus that many 100-byte arrays of garbage per call.</summary>
    private const string GarbageRow = "raw-garbage";

    /// <summary>The floor's handler without <see cref="HttpClient"/> around it (rows <c>raw-invoker</c>,
    /// <c>raw-invoker-timeout</c>): what <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>
    /// adds per call, its token source linked to the client's shared one included.</summary>
    private static readonly Lazy<HttpMessageInvoker> Invoker = new(() => new HttpMessageInvoker(BenchmarkHttp.CreateHandler()));

    /// <summary>Runs the load named by <paramref name="args"/> and prints what the runtime counted.</summary>
    public static async Task RunAsync(string[] args)
    {
        var row = args.Length > 1 ? args[1] : "runflow";
        var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        if (row.Contains(',', StringComparison.Ordinal))
        {
            await CompareAsync(row.Split(','), callers, seconds).ConfigureAwait(false);
            return;
        }

        var call = Create(row);

        await RunForAsync(call, callers, TimeSpan.FromSeconds(4)).ConfigureAwait(false);
        Console.WriteLine($"pid {Environment.ProcessId}: {row}, {callers} callers, {seconds} s");

        using var tally = args.Contains("--allocations") ? new AllocationTally() : null;
        var timers = 0L;
        var timerSamples = 0;
        using var sampler = new Timer(_ => { Interlocked.Add(ref timers, Timer.ActiveCount); Interlocked.Increment(ref timerSamples); }, null, 100, 100);
        var gcs = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var contention = Monitor.LockContentionCount;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var pause = GC.GetTotalPauseDuration();
        var jitted = JitInfo.GetCompiledMethodCount();
        var jitTime = JitInfo.GetCompilationTime();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var calls = await RunForAsync(call, callers, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;

        var stub = BenchmarkStub.InProcess ? " (stub included)" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            calls/s                 {calls / elapsed:N0}
            CPU per call            {cpuPerCall:N1} µs{stub}
            allocated per call      {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / (double)calls:N0} B{stub}
            gen0 GCs per 1,000      {(GC.CollectionCount(0) - gcs) * 1000.0 / calls:N2}
            GC pause                {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / elapsed / 10:N2} % of the time
            lock contentions / call {(Monitor.LockContentionCount - contention) / (double)calls:N4}
            work items per call     {(ThreadPool.CompletedWorkItemCount - workItems) / (double)calls:N2}
            timers active (mean)    {timers / (double)Math.Max(1, timerSamples):N1}
            thread-pool threads     {ThreadPool.ThreadCount}
            methods compiled        {JitInfo.GetCompiledMethodCount() - jitted:N0} ({(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms)
            """));

        if (tally is not null)
        {
            var total = tally.Bytes.Values.Sum();
            Console.WriteLine("allocated bytes per call by type (sampled):");
            foreach (var (type, bytes) in tally.Bytes.OrderByDescending(pair => pair.Value).Take(25))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)total * ((GC.GetTotalAllocatedBytes(precise: false) - allocated) / (double)calls),7:N0} B  {type}"));
            }
        }
    }

    /// <summary>Runs the rows in turn, a second each, round after round in one process, so that a change in the
    /// machine's speed falls on every row alike; prints each row's calls/s and CPU per call against the first row's.</summary>
    /// <remarks>
    /// A row written <c>runflow*3</c> runs as three instances, each with a client and connections of its own, taken in
    /// turn with the other rows' instances, and counted together. A row's ratio is the mean of its ratios to the first
    /// row round by round, given with twice its standard error: one second's throughput on this machine moves by about
    /// a fifth, so a ratio from a few rounds is uncertain by several percent, and two runs agree only within their margins.
    /// </remarks>
    private static async Task CompareAsync(string[] spec, int callers, int rounds)
    {
        var rows = spec.Select(ParseInstances).ToArray();
        var instances = Enumerable.Range(0, rows.Max(row => row.Count))
            .SelectMany(copy => rows.Where(row => copy < row.Count).Select(row => row.Name))
            .ToArray();
        var calls = instances.Select(Create).ToArray();
        var warming = Stopwatch.StartNew();
        await WarmUntilCompiledAsync(calls, callers).ConfigureAwait(false);
        var compiled = JitInfo.GetCompiledMethodCount();
        var counted = new long[rounds, instances.Length];
        var time = new double[rounds, instances.Length];
        var cpu = new double[rounds, instances.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                var started = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                counted[round, i] = await RunForAsync(calls[i], callers, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                time[round, i] = clock.Elapsed.TotalSeconds;
                cpu[round, i] = (Process.GetCurrentProcess().TotalProcessorTime - started).TotalMicroseconds;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds} rounds of {instances.Length} instances, {callers} callers; warm after {warming.Elapsed.TotalSeconds:N0} s, {JitInfo.GetCompiledMethodCount() - compiled:N0} methods compiled while measuring"));
        int[] Of(string name) => Enumerable.Range(0, instances.Length).Where(i => instances[i] == name).ToArray();
        double Rate(int[] of, int round) => of.Sum(i => counted[round, i]) / of.Sum(i => time[round, i]);
        var floor = Of(rows[0].Name);
        foreach (var (name, _) in rows)
        {
            var of = Of(name);
            var ratios = Enumerable.Range(0, rounds).Select(round => Rate(of, round) / Rate(floor, round)).ToArray();
            var mean = ratios.Average();
            var margin = rounds < 2 ? 0 : 2 * Math.Sqrt(ratios.Sum(r => (r - mean) * (r - mean)) / (rounds - 1) / rounds);
            var total = Enumerable.Range(0, rounds).Sum(round => of.Sum(i => counted[round, i]));
            var seconds = Enumerable.Range(0, rounds).Sum(round => of.Sum(i => time[round, i]));
            var micros = Enumerable.Range(0, rounds).Sum(round => of.Sum(i => cpu[round, i]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {total / seconds,9:N0} calls/s ({mean:N3}× ± {margin:N3})  {micros / total,6:N1} µs CPU per call"));
        }
    }

    /// <summary>
    /// Runs every row a second at a time until a whole round compiles almost nothing, or for two minutes at most: under
    /// this load tiered compilation goes on recompiling for about half a minute (one row compiled about 1,500 methods
    /// in 1.8 s of a core in the 30 s after a 4 s warm-up), and that CPU is taken from whichever row runs meanwhile.
    /// </summary>
    /// <remarks>The latency mode (<see cref="LatencyProfile"/>) warms its rows with it too, with one caller.</remarks>
    public static async Task WarmUntilCompiledAsync(Func<Task>[] calls, int callers)
    {
        const int QuietRound = 20;
        var warming = Stopwatch.StartNew();
        while (true)
        {
            var before = JitInfo.GetCompiledMethodCount();
            foreach (var call in calls)
            {
                await RunForAsync(call, callers, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }

            var after = JitInfo.GetCompiledMethodCount();
            if (after - before <= QuietRound || warming.Elapsed > TimeSpan.FromMinutes(2))
            {
                return;
            }
        }
    }

    /// <summary>Reads a row of the side-by-side run: <c>name</c>, or <c>name*count</c> for that many instances.</summary>
    private static (string Name, int Count) ParseInstances(string row) =>
        row.Split('*') is [var name, var count] ? (name, int.Parse(count, CultureInfo.InvariantCulture)) : (row, 1);

    /// <summary>Creates the call of the named row; the latency mode (<see cref="LatencyProfile"/>) takes the same rows.</summary>
    /// <exception cref="ArgumentException">No row has that name; the message lists the rows.</exception>
    public static Func<Task> Create(string row)
    {
        var endpoint = BenchmarkStub.Endpoint;
        if (row.StartsWith("raw", StringComparison.Ordinal))
        {
            const string NoNetwork = "-nonetwork";
            var offline = row.EndsWith(NoNetwork, StringComparison.Ordinal);
            var raw = offline ? CreateOfflineClient() : BenchmarkHttp.CreateClient();
            var invoker = offline ? new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(CreateOfflineHandler())) : Invoker;
            var kind = offline ? row[..^NoNetwork.Length] : row;
            var body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.WithTool)[0];
            var chat = BenchmarkStub.RunflowChat;
            Func<Task> floor = () => BenchmarkHttp.PostAsync(raw, chat, body);
            return kind switch
            {
                "raw" => floor,
                "raw-answer" => Checked(() => RawAnswer.PostAsync(raw, chat, body)),
                "raw-headers" => () => BenchmarkHttp.PostAsync(raw, chat, body, clientHeaders: true),
                "raw-timeout" => () => BenchmarkHttp.PostWithTimeoutAsync(raw, chat, body),
                "raw-invoker" => () => BenchmarkHttp.PostAsync(invoker.Value, chat, body),
                "raw-invoker-timeout" => () => BenchmarkHttp.PostWithTimeoutAsync(invoker.Value, chat, body),
                _ when kind.StartsWith(SpinRow, StringComparison.Ordinal) => ThenSpin(floor, long.Parse(kind[SpinRow.Length..], CultureInfo.InvariantCulture)),
                _ when kind.StartsWith(GarbageRow, StringComparison.Ordinal) => ThenGarbage(floor, int.Parse(kind[GarbageRow.Length..], CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Unknown row '{row}': raw, raw-answer, raw-headers, raw-timeout, raw-invoker, raw-invoker-timeout, raw-spin<ns> or raw-garbage<count>, each optionally with -nonetwork.", nameof(row)),
            };
        }

        IChatClient client = row switch
        {
            "runflow" => BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient()),
            "runflow-nonetwork" => BenchmarkClients.CreateRunflow(endpoint, CreateOfflineClient()),
            "factory" => BenchmarkServices.ChatClient(BenchmarkServices.Create(endpoint, resilience: false)),
            "factory-nologging" => BenchmarkServices.ChatClient(BenchmarkServices.Create(endpoint, resilience: false, factoryLogging: false)),
            "resilient" => BenchmarkServices.ChatClient(BenchmarkServices.Create(endpoint, resilience: true)),
            "openai" => BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient()),
            _ => throw new ArgumentException($"Unknown row '{row}': raw, raw-answer, raw-headers, raw-timeout, raw-invoker, raw-invoker-timeout, raw-spin<ns>, raw-garbage<count> (each optionally with -nonetwork), runflow, runflow-nonetwork, factory, factory-nologging, resilient or openai.", nameof(row)),
        };

        return () => client.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
    }

    /// <summary>Creates a handler that answers every call with the canned text reply from memory (the <c>-nonetwork</c> rows).</summary>
    private static NoNetworkHandler CreateOfflineHandler() => new(CannedReplies.RunflowText);

    /// <summary>Creates a client over <see cref="CreateOfflineHandler"/>.</summary>
    private static HttpClient CreateOfflineClient() => new(CreateOfflineHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Makes one call and throws unless its answer is the canned reply, then returns the call.</summary>
    private static Func<Task> Checked(Func<Task<ChatResponse>> call)
    {
        var answer = call().GetAwaiter().GetResult();
        if (answer.Text != CannedReplies.Text || answer.Usage?.TotalTokenCount is null || answer.ModelId != CannedReplies.Model)
        {
            throw new InvalidOperationException($"The row's answer is not the canned reply: '{answer.Text}'.");
        }

        return call;
    }

    /// <summary>The floor, then <paramref name="nanoseconds"/> of pure CPU on the same thread: what a client's own work
    /// per call is worth at this load, with no allocation.</summary>
    private static Func<Task> ThenSpin(Func<Task> floor, long nanoseconds) => async () =>
    {
        await floor().ConfigureAwait(false);
        var until = Stopwatch.GetTimestamp() + (nanoseconds * Stopwatch.Frequency / 1_000_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
        }
    };

    /// <summary>The floor, then <paramref name="arrays"/> short-lived 100-byte arrays (124 B each with their header): what
    /// a client's garbage per call is worth at this load.</summary>
    private static Func<Task> ThenGarbage(Func<Task> floor, int arrays) => async () =>
    {
        await floor().ConfigureAwait(false);
        for (var i = 0; i < arrays; i++)
        {
            GC.KeepAlive(new byte[100]);
        }
    };

    private static async Task<long> RunForAsync(Func<Task> call, int callers, TimeSpan duration)
    {
        var calls = 0L;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    await call().ConfigureAwait(false);
                    Interlocked.Increment(ref calls);
                }
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return calls;
    }
}
