using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// The request side without a network: the floor serializes an equivalent body that was built in advance; the client
/// row makes the whole call through a handler that writes the request out and answers from memory, so it measures
/// request build + serialize + response parse + map.
/// </summary>
/// <remarks>
/// Two rows call the internal mapper and content directly (the client's project grants this assembly
/// <c>InternalsVisibleTo</c>): request build alone, and build + serialize.
/// </remarks>
[MemoryDiagnoser(displayGenColumns: false)]
public class RequestSerializationBenchmarks
{
    private static readonly Uri NoNetworkEndpoint = new("http://localhost/");

    private RawChatRequest _raw = null!;
    private HttpClient _noNetwork = null!;
    private IChatClient _runflow = null!;
    private RunflowClientOptions _clientOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _raw = new RawChatRequest
        {
            ProjectId = "proj_bench",
            Provider = "openai",
            Model = CannedReplies.Model,
            Messages =
            [
                new() { Role = "system", Content = BenchmarkConversation.System },
                new() { Role = "user", Content = BenchmarkConversation.Question },
                new() { Role = "assistant", Content = BenchmarkConversation.Clarification },
                new() { Role = "user", Content = BenchmarkConversation.Answer },
            ],
            Tools =
            [
                new()
                {
                    Function = new()
                    {
                        Name = BenchmarkConversation.GetWeather.Name,
                        Description = BenchmarkConversation.GetWeather.Description,
                        Parameters = BenchmarkConversation.GetWeather.JsonSchema,
                    },
                },
            ],
        };

        _noNetwork = new HttpClient(new NoNetworkHandler(CannedReplies.RunflowText)) { Timeout = Timeout.InfiniteTimeSpan };
        _runflow = BenchmarkClients.CreateRunflow(NoNetworkEndpoint, _noNetwork);

        // The floor must write exactly what the client writes, or it is not a floor.
        var sent = BenchmarkClients.RecordRunflowBodies(
            NoNetworkEndpoint, new NoNetworkHandler(CannedReplies.RunflowText), functionInvocation: false, BenchmarkConversation.WithTool)[0];
        var floor = SerializeRaw();
        if (!floor.AsSpan().SequenceEqual(sent))
        {
            throw new InvalidOperationException(
                $"The floor writes\n{Encoding.UTF8.GetString(floor)}\nbut the client writes\n{Encoding.UTF8.GetString(sent)}");
        }

        BenchmarkCheck.Response(nameof(RunflowChatClient), _runflow, BenchmarkConversation.WithTool);
        _clientOptions = new RunflowClientOptions
        {
            Endpoint = NoNetworkEndpoint,
            ApiKey = BenchmarkClients.ApiKey,
            ProjectId = "proj_bench",
            Provider = "openai",
            DefaultModelId = CannedReplies.Model,
        };

        if (RunflowMapAndSerialize() != sent.Length)
        {
            throw new InvalidOperationException("The mapper and content wrote a body of another length than the client sends.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runflow.Dispose();
        _noNetwork.Dispose();
    }

    /// <summary>The floor: the same JSON from a body built in advance, through a source-generated context.</summary>
    [Benchmark(Baseline = true)]
    public byte[] SerializeRaw() => JsonSerializer.SerializeToUtf8Bytes(_raw, RawJsonContext.Relaxed.RawChatRequest);

    /// <summary>Request build alone: <c>ToRunflowRequest</c>.</summary>
    [Benchmark]
    public object RunflowMap() =>
        RunflowRequestMapper.ToRunflowRequest(BenchmarkConversation.Messages, BenchmarkConversation.WithTool, _clientOptions);

    /// <summary>Request build + serialize into the content the client sends.</summary>
    [Benchmark]
    public long RunflowMapAndSerialize()
    {
        var request = RunflowRequestMapper.ToRunflowRequest(BenchmarkConversation.Messages, BenchmarkConversation.WithTool, _clientOptions);
        using var content = RunflowJsonContent.CreateChatBody(request, null);
        return content.Headers.ContentLength!.Value;
    }

    /// <summary>The whole call without a network: build + serialize + response parse + map.</summary>
    [Benchmark]
    public Task<ChatResponse> RunflowChatClient() =>
        _runflow.GetResponseAsync(BenchmarkConversation.Messages, BenchmarkConversation.WithTool);
}
