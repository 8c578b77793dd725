using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// One tool-calling turn through <c>UseFunctionInvocation()</c>: the model asks for <c>get_weather</c>, the tool runs,
/// and a second call gets the final text; two HTTP calls over loopback.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class FunctionInvocationBenchmarks
{
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _firstBody = null!;
    private byte[] _secondBody = null!;
    private IChatClient _runflow = null!;
    private IChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.ToolEndpoint;
        _raw = BenchmarkHttp.CreateClient();
        _uri = BenchmarkStub.RunflowToolChat;
        _runflow = new ChatClientBuilder(BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient())).UseFunctionInvocation().Build();
        _openAI = new ChatClientBuilder(BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient())).UseFunctionInvocation().Build();

        var bodies = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: true, BenchmarkConversation.WithTool);
        if (bodies.Count != 2)
        {
            throw new InvalidOperationException($"The Runflow turn sent {bodies.Count} requests, not 2.");
        }

        (_firstBody, _secondBody) = (bodies[0], bodies[1]);
        BenchmarkCheck.Raw(nameof(RawHttpClient) + " (tool call)", _raw, _uri, _firstBody, CannedReplies.RunflowToolCall);
        BenchmarkCheck.Raw(nameof(RawHttpClient) + " (final text)", _raw, _uri, _secondBody, CannedReplies.RunflowText);
        BenchmarkCheck.Response(nameof(RunflowChatClient), _runflow, BenchmarkConversation.WithTool);
        BenchmarkCheck.Response(nameof(OpenAIChatClient), _openAI, BenchmarkConversation.WithTool);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: the Runflow client's two request bodies POSTed raw, one after the other.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient() =>
        await BenchmarkHttp.PostAsync(_raw, _uri, _firstBody).ConfigureAwait(false)
        + await BenchmarkHttp.PostAsync(_raw, _uri, _secondBody).ConfigureAwait(false);

    [Benchmark]
    public Task<ChatResponse> RunflowChatClient() =>
        _runflow.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);

    [Benchmark]
    public Task<ChatResponse> OpenAIChatClient() =>
        _openAI.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
}
