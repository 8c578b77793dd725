using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Many callers at once on one shared client, as a server handling many users would: each invocation starts
/// <see cref="Callers"/> non-streaming calls and waits for all of them. Mean is the time for all of them, so Ratio is
/// the inverse of the throughput ratio; the Calls/s and Alloc/call columns give the figures per call.
/// </summary>
/// <remarks>More iterations than the other classes: at this load on two cores one slow stretch of the machine moves an
/// 8-iteration mean by a fifth.</remarks>
[WarmupCount(5)]
[IterationCount(20)]
[MemoryDiagnoser(displayGenColumns: false)]
[ThreadingDiagnoser]
[PerCallColumns]
public class ConcurrencyBenchmarks
{
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private IChatClient _runflow = null!;
    private ServiceProvider _factory = null!;
    private ServiceProvider _resilient = null!;
    private IChatClient _openAI = null!;

    /// <summary>Gets or sets how many calls run at once.</summary>
    [Params(64, 256)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.Endpoint;
        _raw = BenchmarkHttp.CreateClient();
        _uri = BenchmarkStub.RunflowChat;
        _runflow = BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient());
        _factory = BenchmarkServices.Create(endpoint, resilience: false);
        _resilient = BenchmarkServices.Create(endpoint, resilience: true);
        _openAI = BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient());
        _body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.WithTool)[0];

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, CannedReplies.RunflowText);
        if (RawHttpClientAsync().GetAwaiter().GetResult().Any(length => length != CannedReplies.RunflowText.Length))
        {
            throw new InvalidOperationException($"{nameof(RawHttpClient)}: a reply was not {CannedReplies.RunflowText.Length} bytes long.");
        }

        foreach (var (row, client) in new[]
        {
            (nameof(RunflowChatClient), _runflow),
            (nameof(RunflowFromFactory), BenchmarkServices.ChatClient(_factory)),
            (nameof(RunflowWithResilience), BenchmarkServices.ChatClient(_resilient)),
            (nameof(OpenAIChatClient), _openAI),
        })
        {
            foreach (var response in ManyAsync(client).GetAwaiter().GetResult())
            {
                BenchmarkCheck.Text(row, response.Text);
            }
        }

        BenchmarkWarmup.Once(
            nameof(ConcurrencyBenchmarks),
            RawHttpClient, RawWithTimeout, RunflowChatClient, RunflowFromFactory, RunflowWithResilience, OpenAIChatClient);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _factory.Dispose();
        _resilient.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: raw POSTs of the Runflow client's request bytes, all at once.</summary>
    [Benchmark(Baseline = true)]
    public Task<int[]> RawHttpClient() => RawHttpClientAsync();

    /// <summary>The floor plus what any client with a timeout pays: a token source and its timer per call.</summary>
    [Benchmark]
    public Task<int[]> RawWithTimeout() => RawHttpClientAsync(withTimeout: true);

    /// <summary>One <see cref="Extensions.RunflowChatClient"/> over its own <see cref="HttpClient"/>.</summary>
    [Benchmark]
    public Task<ChatResponse[]> RunflowChatClient() => ManyAsync(_runflow);

    /// <summary>The client an application gets from <c>AddRunflowChatClient</c>: the same, through <c>IHttpClientFactory</c>.</summary>
    [Benchmark]
    public Task<ChatResponse[]> RunflowFromFactory() => ManyAsync(BenchmarkServices.ChatClient(_factory));

    /// <summary>The same with <c>AddRunflowResilience()</c>: what the standard resilience pipeline costs per call.</summary>
    [Benchmark]
    public Task<ChatResponse[]> RunflowWithResilience() => ManyAsync(BenchmarkServices.ChatClient(_resilient));

    [Benchmark]
    public Task<ChatResponse[]> OpenAIChatClient() => ManyAsync(_openAI);

    private Task<ChatResponse[]> ManyAsync(IChatClient client)
    {
        var calls = new Task<ChatResponse>[Callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = client.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
        }

        return Task.WhenAll(calls);
    }

    private Task<int[]> RawHttpClientAsync(bool withTimeout = false)
    {
        var calls = new Task<int>[Callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = withTimeout ? BenchmarkHttp.PostWithTimeoutAsync(_raw, _uri, _body) : BenchmarkHttp.PostAsync(_raw, _uri, _body);
        }

        return Task.WhenAll(calls);
    }
}
