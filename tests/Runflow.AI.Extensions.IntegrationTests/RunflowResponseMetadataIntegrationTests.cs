using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.IntegrationTests.Hostile;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>The request id and the detailed usage of an answer reach the caller, over loopback.</summary>
public sealed class RunflowResponseMetadataIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_EmulatorAnswer_CarriesItsRequestId()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        var response = await session.Client.GetResponseAsync("Hello", cancellationToken: Token);

        var requestId = Assert.Single(session.Emulator.Requests).RequestId;
        Assert.Equal("req_000001", requestId);
        Assert.Equal(requestId, response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_EmulatorStream_CarriesItsRequestIdOnTheLastUpdate()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        var updates = await session.Client.GetStreamingResponseAsync("Hello", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal(Assert.Single(session.Emulator.Requests).RequestId, updates[^1].AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_EmulatorAnswers_CarryEachRequestId()
    {
        await using var session = await EmulatorSession.StartAsync(configure: o => o.MaxEmbeddingBatchSize = 1, cancellationToken: Token);
        using var generator = new RunflowEmbeddingGenerator(session.Options);

        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: Token);

        Assert.Equal(string.Join(",", session.Emulator.Requests.Select(r => r.RequestId)), embeddings.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ScriptedCachedAndReasoningTokens_ReachUsageDetails()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        session.Emulator.Enqueue(new RunflowEmulatorReply
        {
            Text = "ok",
            Usage = new RunflowEmulatorUsage { PromptTokens = 100, CompletionTokens = 50, CachedTokens = 80, ReasoningTokens = 40 },
        });

        var response = await session.Client.GetResponseAsync("Hello", cancellationToken: Token);

        Assert.Equal(100, response.Usage!.InputTokenCount);
        Assert.Equal(50, response.Usage.OutputTokenCount);
        Assert.Equal(150, response.Usage.TotalTokenCount);
        Assert.Equal(80, response.Usage.CachedInputTokenCount);
        Assert.Equal(40, response.Usage.ReasoningTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ScriptedCachedTokens_ReachUsageDetails()
    {
        await using var session = await EmulatorSession.StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = true }, cancellationToken: Token);
        using var generator = new RunflowEmbeddingGenerator(session.Options);
        session.Emulator.Enqueue(new RunflowEmulatorReply { Usage = new RunflowEmulatorUsage { PromptTokens = 6, CachedTokens = 2 } });

        var embeddings = await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal(6, embeddings.Usage!.InputTokenCount);
        Assert.Equal(2, embeddings.Usage.CachedInputTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SuccessfulAnswerReflectingTheKeyInItsRequestId_ShowsItRedacted()
    {
        await using var server = await HostileServer.StartAsync(
            HostileClients.Answer(200, """{"text":"hi"}""", "application/json", ("x-request-id", $"req-{Uri.EscapeDataString(HostileClients.ApiKey)}")),
            Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("req-***", response.AdditionalProperties![RunflowResponseProperties.RequestId]);
    }
}
