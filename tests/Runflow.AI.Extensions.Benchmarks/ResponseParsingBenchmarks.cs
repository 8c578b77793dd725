using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// The whole call against an in-memory reply, no network: the floor only parses the same reply bytes; each client
/// row builds its request, has it written out, then parses and maps its own format's canned reply.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class ResponseParsingBenchmarks
{
    private static readonly Uri NoNetworkEndpoint = new("http://localhost/");

    private HttpClient _runflowHttp = null!;
    private HttpClient _openAIHttp = null!;
    private IChatClient _runflow = null!;
    private IChatClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runflowHttp = new HttpClient(new NoNetworkHandler(CannedReplies.RunflowText)) { Timeout = Timeout.InfiniteTimeSpan };
        _openAIHttp = new HttpClient(new NoNetworkHandler(CannedReplies.OpenAIText)) { Timeout = Timeout.InfiniteTimeSpan };
        _runflow = BenchmarkClients.CreateRunflow(NoNetworkEndpoint, _runflowHttp);
        _openAI = BenchmarkClients.CreateOpenAI(NoNetworkEndpoint, _openAIHttp);

        BenchmarkCheck.Text(nameof(JsonDocumentParse), JsonDocumentParse());
        BenchmarkCheck.Text(nameof(RunflowRead), RunflowRead());
        BenchmarkCheck.Response(nameof(RunflowChatClient), _runflow, BenchmarkConversation.WithTool);
        BenchmarkCheck.Response(nameof(OpenAIChatClient), _openAI, BenchmarkConversation.WithTool);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runflow.Dispose();
        _openAI.Dispose();
        _runflowHttp.Dispose();
        _openAIHttp.Dispose();
    }

    /// <summary>The floor: parse Runflow's reply into a document and read its text.</summary>
    [Benchmark(Baseline = true)]
    public string? JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(CannedReplies.RunflowText);
        return document.RootElement.GetProperty("text").GetString();
    }

    /// <summary>Runflow's reply read into the client's wire type, nothing else: the row for its reader.</summary>
    [Benchmark]
    public string? RunflowRead() =>
        JsonSerializer.Deserialize(CannedReplies.RunflowText, Protocol.RunflowJsonContext.Default.RunflowChatResponse)?.Text;

    [Benchmark]
    public Task<ChatResponse> RunflowChatClient() =>
        _runflow.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);

    [Benchmark]
    public Task<ChatResponse> OpenAIChatClient() =>
        _openAI.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
}
