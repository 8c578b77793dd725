using System.Diagnostics;
using System.Globalization;
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
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var calls = await RunForAsync(call, callers, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            calls/s                 {calls / elapsed:N0}
            CPU per call            {cpuPerCall:N1} µs (stub included)
            allocated per call      {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / (double)calls:N0} B (stub included)
            gen0 GCs per 1,000      {(GC.CollectionCount(0) - gcs) * 1000.0 / calls:N2}
            GC pause                {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / elapsed / 10:N2} % of the time
            lock contentions / call {(Monitor.LockContentionCount - contention) / (double)calls:N4}
            work items per call     {(ThreadPool.CompletedWorkItemCount - workItems) / (double)calls:N2}
            timers active (mean)    {timers / (double)Math.Max(1, timerSamples):N1}
            thread-pool threads     {ThreadPool.ThreadCount}
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
    /// <remarks>A row written <c>runflow*3</c> runs as three instances, each with a client and connections of its own,
    /// taken in turn with the other rows' instances; the row's line sums them and gives the range of the instances'
    /// own ratios. Two instances of one row differ by up to a tenth for the whole of a run (where their objects and
    /// connections happen to fall), so a ratio from one instance per row is that much less certain.</remarks>
    private static async Task CompareAsync(string[] spec, int callers, int rounds)
    {
        var rows = spec.Select(ParseInstances).ToArray();
        var instances = Enumerable.Range(0, rows.Max(row => row.Count))
            .SelectMany(copy => rows.Where(row => copy < row.Count).Select(row => row.Name))
            .ToArray();
        var calls = instances.Select(Create).ToArray();
        var counted = new long[instances.Length];
        var cpu = new double[instances.Length];
        var time = new double[instances.Length];
        foreach (var call in calls)
        {
            await RunForAsync(call, callers, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                var started = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                counted[i] += await RunForAsync(calls[i], callers, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                time[i] += clock.Elapsed.TotalSeconds;
                cpu[i] += (Process.GetCurrentProcess().TotalProcessorTime - started).TotalMicroseconds;
            }
        }

        double Rate(IEnumerable<int> of) => of.Sum(i => counted[i]) / of.Sum(i => time[i]);
        int[] Of(string name) => Enumerable.Range(0, instances.Length).Where(i => instances[i] == name).ToArray();
        var floor = Rate(Of(rows[0].Name));
        foreach (var (name, count) in rows)
        {
            var of = Of(name);
            var spread = count == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                $", instances {of.Min(i => Rate([i])) / floor:N2}–{of.Max(i => Rate([i])) / floor:N2}×");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {Rate(of),9:N0} calls/s ({Rate(of) / floor:N2}×{spread})  {of.Sum(i => cpu[i]) / of.Sum(i => counted[i]),6:N1} µs CPU per call"));
        }
    }

    /// <summary>Reads a row of the side-by-side run: <c>name</c>, or <c>name*count</c> for that many instances.</summary>
    private static (string Name, int Count) ParseInstances(string row) =>
        row.Split('*') is [var name, var count] ? (name, int.Parse(count, CultureInfo.InvariantCulture)) : (row, 1);

    private static Func<Task> Create(string row)
    {
        var endpoint = BenchmarkStub.Endpoint;
        if (row.StartsWith("raw", StringComparison.Ordinal))
        {
            var raw = BenchmarkHttp.CreateClient();
            var body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.WithTool)[0];
            Func<Task> floor = () => BenchmarkHttp.PostAsync(raw, BenchmarkStub.RunflowChat, body);
            return row switch
            {
                "raw" => floor,
                "raw-answer" => Checked(() => RawAnswer.PostAsync(raw, BenchmarkStub.RunflowChat, body)),
                "raw-headers" => () => BenchmarkHttp.PostAsync(raw, BenchmarkStub.RunflowChat, body, clientHeaders: true),
                "raw-timeout" => () => BenchmarkHttp.PostWithTimeoutAsync(raw, BenchmarkStub.RunflowChat, body),
                "raw-invoker" => () => BenchmarkHttp.PostAsync(Invoker.Value, BenchmarkStub.RunflowChat, body),
                "raw-invoker-timeout" => () => BenchmarkHttp.PostWithTimeoutAsync(Invoker.Value, BenchmarkStub.RunflowChat, body),
                _ when row.StartsWith(SpinRow, StringComparison.Ordinal) => ThenSpin(floor, long.Parse(row[SpinRow.Length..], CultureInfo.InvariantCulture)),
                _ when row.StartsWith(GarbageRow, StringComparison.Ordinal) => ThenGarbage(floor, int.Parse(row[GarbageRow.Length..], CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Unknown row '{row}': raw, raw-answer, raw-headers, raw-timeout, raw-invoker, raw-invoker-timeout, raw-spin<ns> or raw-garbage<count>.", nameof(row)),
            };
        }

        IChatClient client = row switch
        {
            "runflow" => BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient()),
            "runflow-nonetwork" => BenchmarkClients.CreateRunflow(endpoint, new HttpClient(new NoNetworkHandler(CannedReplies.RunflowText)) { Timeout = Timeout.InfiniteTimeSpan }),
            "factory" => BenchmarkServices.ChatClient(BenchmarkServices.Create(endpoint, resilience: false)),
            "resilient" => BenchmarkServices.ChatClient(BenchmarkServices.Create(endpoint, resilience: true)),
            "openai" => BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient()),
            _ => throw new ArgumentException($"Unknown row '{row}': raw, raw-answer, raw-headers, raw-timeout, raw-invoker, raw-invoker-timeout, raw-spin<ns>, raw-garbage<count>, runflow, runflow-nonetwork, factory, resilient or openai.", nameof(row)),
        };

        return () => client.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
    }

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
