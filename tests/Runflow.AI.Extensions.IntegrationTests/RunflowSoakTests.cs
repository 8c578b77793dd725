using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// One shared client, 64 concurrent callers, thousands of calls mixing plain, streamed and tool-calling turns against an
/// emulator that injects faults. Its size is set by RUNFLOW_SOAK_CALLS (default 10,000: a few seconds here).
/// </summary>
[Collection(nameof(RunflowSoakTests))]
[CollectionDefinition(nameof(RunflowSoakTests), DisableParallelization = true)]
public sealed class RunflowSoakTests
{
    private const int Callers = 64;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static int Calls =>
        int.TryParse(Environment.GetEnvironmentVariable("RUNFLOW_SOAK_CALLS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var calls) && calls > 0
            ? calls
            : 10_000;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task SharedClient_SixtyFourCallers_NoUnexpectedFailuresAndMemoryLevelsOff()
    {
        var emulatorOptions = new RunflowEmulatorOptions { FaultRate = 0.05, Seed = 42, RetryAfter = TimeSpan.Zero, StreamChunkSize = 8 };
        emulatorOptions.FaultMix.Add(RunflowEmulatorFault.MalformedJson);
        await using var emulator = new RunflowEmulator(emulatorOptions);
        await emulator.StartAsync(Token);

        var services = new ServiceCollection();
        services.AddRunflowChatClient(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.ApiKey = "rf_test_soak_key";
            o.ProjectId = "proj_soak";
            o.Provider = "openai";
            o.DefaultModelId = "gpt-4o";
        }).UseFunctionInvocation();
        services.AddRunflowResilience(configure: r =>
        {
            r.Retry.Delay = TimeSpan.FromMilliseconds(1);
            r.Retry.MaxRetryAttempts = 5;
            r.CircuitBreaker.MinimumThroughput = 100_000;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var tool = AIFunctionFactory.Create((string city) => $"{city}: 21C", "get_weather");

        var total = Calls;
        var next = -1;
        var succeeded = 0;
        var expectedFailures = 0;
        var unexpected = new ConcurrentQueue<Exception>();
        var memory = new ConcurrentDictionary<int, long>();
        var requests = 0;
        var faults = 0;
        var malformed = 0;
        var drain = new object();

        // The emulator's request log would grow with every call; drain it as the run goes, keeping only the tallies. A
        // request not answered yet may still have its fault drawn, so it is tallied at a later drain, once answered.
        var unanswered = new List<RunflowEmulatorRequest>();
        void Drain(bool final = false)
        {
            lock (drain)
            {
                var log = unanswered.Concat(emulator.TakeRequests()).ToList();
                unanswered.Clear();
                foreach (var record in log)
                {
                    if (record.StatusCode == 0 && !final)
                    {
                        unanswered.Add(record);
                        continue;
                    }

                    requests++;
                    faults += record.Fault != RunflowEmulatorFault.None ? 1 : 0;
                    malformed += record.Fault == RunflowEmulatorFault.MalformedJson ? 1 : 0;
                }
            }
        }

        var clock = Stopwatch.StartNew();

        async Task CallerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                try
                {
                    var text = (i % 3) switch
                    {
                        0 => (await client.GetResponseAsync($"Call {i}", cancellationToken: Token)).Text,
                        1 => string.Concat(await client.GetStreamingResponseAsync($"Stream {i}", cancellationToken: Token).Select(u => u.Text).ToListAsync(Token)),
                        _ => (await client.GetResponseAsync($"Use get_weather for city: C{i}", new ChatOptions { Tools = [tool] }, Token)).Text,
                    };

                    if (!text.Contains(i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"Call {i} got someone else's answer: {text}");
                    }

                    Interlocked.Increment(ref succeeded);
                }
                catch (RunflowException ex) when (ex.StatusCode == System.Net.HttpStatusCode.OK && ex.Message.Contains("not a chat response", StringComparison.Ordinal))
                {
                    // An injected malformed body: not transient, so not retried.
                    Interlocked.Increment(ref expectedFailures);
                }
                catch (Exception ex)
                {
                    unexpected.Enqueue(ex);
                }

                if (i % 500 == 0)
                {
                    Drain();
                }

                if (i == total / 3)
                {
                    Drain();
                    memory[1] = GC.GetTotalMemory(forceFullCollection: true);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(CallerAsync, Token)));
        clock.Stop();
        Drain(final: true);
        memory[2] = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{total} calls by {Callers} callers in {clock.Elapsed.TotalSeconds:F1} s ({total / clock.Elapsed.TotalSeconds:F0} calls/s); " +
            $"{requests} requests, {faults} injected faults ({malformed} malformed bodies); {succeeded} answered, " +
            $"{expectedFailures} failed as injected; heap {memory.GetValueOrDefault(1) / 1_048_576.0:F1} MB at a third, {memory.GetValueOrDefault(2) / 1_048_576.0:F1} MB at the end");

        Assert.Empty(unexpected);
        Assert.Equal(total, succeeded + expectedFailures);
        Assert.True(faults > 0, "the emulator injected no faults");
        Assert.True(expectedFailures <= malformed, $"{expectedFailures} failures but only {malformed} malformed bodies");
        Assert.True(succeeded >= total * 0.9, $"only {succeeded} of {total} answered");

        // After a full collection the heap at the end is within a small margin of the heap a third of the way in:
        // nothing accumulates per call.
        Assert.True(memory[2] < memory[1] + 16L * 1024 * 1024, $"heap grew from {memory[1]:N0} to {memory[2]:N0} bytes");
    }
}
