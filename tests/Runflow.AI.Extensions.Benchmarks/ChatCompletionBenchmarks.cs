using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>One non-streaming call over loopback HTTP: four messages and one tool in, ~200 characters of text out.</summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class ChatCompletionBenchmarks
{
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private IChatClient _runflow = null!;
    private IChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.Endpoint;
        _raw = BenchmarkHttp.CreateClient();
        _uri = BenchmarkStub.RunflowChat;
        _runflow = BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreateClient());
        _openAI = BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreateClient());
        _body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.WithTool)[0];

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, CannedReplies.RunflowText);
        BenchmarkCheck.Response(nameof(RunflowChatClient), _runflow, BenchmarkConversation.WithTool);
        BenchmarkCheck.Response(nameof(OpenAIChatClient), _openAI, BenchmarkConversation.WithTool);
        BenchmarkWarmup.Once(nameof(ChatCompletionBenchmarks), RawHttpClient, RunflowChatClient, OpenAIChatClient);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: the same request bytes the Runflow client writes, POSTed raw; the reply read, not parsed.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => BenchmarkHttp.PostAsync(_raw, _uri, _body);

    [Benchmark]
    public Task<ChatResponse> RunflowChatClient() =>
        _runflow.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);

    [Benchmark]
    public Task<ChatResponse> OpenAIChatClient() =>
        _openAI.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
}
