using System.Net;
using System.Text;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Usage in every spelling the contract lists, for chat, the event stream and embeddings.</summary>
public sealed class RunflowUsageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<UsageDetails?> ChatUsage(string usage)
    {
        using var client = TestClient.Create(RecordingHandler.Json($$"""{"text":"hi","usage":{{usage}}}"""));
        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);
        Assert.Equal("hi", response.Text);
        return response.Usage;
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"cachedTokens":4}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"cached_tokens":4}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"cacheReadInputTokens":4}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"cache_read_input_tokens":4}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":4}}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"promptTokensDetails":{"cachedTokens":4}}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"cachedTokens":"4"}""")]
    public async Task GetResponseAsync_CachedTokensInAnySpelling_AreCachedInputTokens(string usage)
    {
        var details = await ChatUsage(usage);

        Assert.Equal(4, details!.CachedInputTokenCount);
        Assert.Equal(10, details.InputTokenCount);
        Assert.Equal(15, details.TotalTokenCount);
        Assert.Null(details.ReasoningTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"reasoningTokens":3}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"reasoning_tokens":3}""")]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":5,"completion_tokens_details":{"reasoning_tokens":3}}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"completionTokensDetails":{"reasoningTokens":3}}""")]
    [InlineData("""{"promptTokens":10,"completionTokens":5,"completionTokensDetails":{"reasoningTokens":"3"}}""")]
    public async Task GetResponseAsync_ReasoningTokensInAnySpelling_AreReasoningTokens(string usage)
    {
        var details = await ChatUsage(usage);

        Assert.Equal(3, details!.ReasoningTokenCount);
        Assert.Equal(5, details.OutputTokenCount);
        Assert.Null(details.CachedInputTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SeveralSpellingsOfOneCount_ThePreferredWinsWhateverTheOrderAndLetterCase()
    {
        var details = await ChatUsage("""
            {"prompt_tokens":99,"promptTokens":10,"COMPLETION_TOKENS":5,"cache_read_input_tokens":8,"cached_tokens":4,
             "Total\u005fTokens":16,"reasoningTokens":"x","reasoning_tokens":2,"promptTokens":11}
            """);

        Assert.Equal(11, details!.InputTokenCount);
        Assert.Equal(5, details.OutputTokenCount);
        Assert.Equal(16, details.TotalTokenCount);
        Assert.Equal(4, details.CachedInputTokenCount);
        Assert.Equal(2, details.ReasoningTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_OtherNumericFields_AreAdditionalCountsNamedAsSent()
    {
        var details = await ChatUsage("""
            {"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"cache_creation_input_tokens":6,
             "prompt_tokens_details":{"cached_tokens":4,"audio_tokens":2},
             "completion_tokens_details":{"reasoning_tokens":1,"accepted_prediction_tokens":0,"rejected_prediction_tokens":"7","nested":{"deep":1}},
             "server_tool_use":{"web_search_requests":1},
             "service_tier":"default","cost":0.25,"flags":[1,2],"huge":1e400}
            """);

        Assert.Equal(4, details!.CachedInputTokenCount);
        Assert.Equal(1, details.ReasoningTokenCount);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["cache_creation_input_tokens"] = 6,
                ["prompt_tokens_details.audio_tokens"] = 2,
                ["completion_tokens_details.accepted_prediction_tokens"] = 0,
                ["server_tool_use.web_search_requests"] = 1,
            },
            details.AdditionalCounts!.OrderBy(c => c.Key).ToDictionary());
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"promptTokens":2,"cachedTokens":1.5,"reasoningTokens":"many"}""")]
    [InlineData("""{"promptTokens":2,"cacheReadInputTokens":{"n":1},"reasoningTokens":[1]}""")]
    [InlineData("""{"promptTokens":2,"prompt_tokens_details":{"cached_tokens":1e400},"completion_tokens_details":{"reasoning_tokens":-1.5}}""")]
    [InlineData("""{"promptTokens":2,"prompt_tokens_details":"none","completion_tokens_details":[{"reasoning_tokens":1}]}""")]
    [InlineData("""{"promptTokens":2,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":null}}""")]
    public async Task GetResponseAsync_CountsThatAreNotWholeNumbers_AreDroppedAndTheAnswerKept(string usage)
    {
        var details = await ChatUsage(usage);

        Assert.Equal(2, details!.InputTokenCount);
        Assert.Null(details.CachedInputTokenCount);
        Assert.Null(details.ReasoningTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_TopLevelAndDetailsBothGiven_TopLevelWins()
    {
        var details = await ChatUsage("""{"cachedTokens":4,"prompt_tokens_details":{"cached_tokens":9},"reasoningTokens":2,"completion_tokens_details":{"reasoning_tokens":8}}""");

        Assert.Equal(4, details!.CachedInputTokenCount);
        Assert.Equal(2, details.ReasoningTokenCount);
        Assert.Null(details.TotalTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_EventStreamUsage_CarriesCachedReasoningAndAdditionalCounts()
    {
        const string Stream =
            "data: {\"text\":\"Hi\"}\n\n" +
            "data: {\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":5,\"audio_tokens\":1}," +
            "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n" +
            "data: [DONE]\n\n";
        using var client = TestClient.Create(RecordingHandler.Text(Stream, "text/event-stream"));

        var updates = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        var usage = Assert.Single(updates[^1].Contents.OfType<UsageContent>()).Details;
        Assert.Equal(8, usage.InputTokenCount);
        Assert.Equal(5, usage.CachedInputTokenCount);
        Assert.Equal(2, usage.ReasoningTokenCount);
        Assert.Equal(1, usage.AdditionalCounts!["prompt_tokens_details.audio_tokens"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ServedByTheChatEndpoint_CarriesCachedAndReasoningTokens()
    {
        using var client = TestClient.Create(RecordingHandler.Json(
            """{"text":"x","usage":{"promptTokens":4,"completionTokens":6,"cachedTokens":2,"reasoningTokens":5}}"""));

        var updates = await client.GetStreamingResponseAsync("Hi", new ChatOptions().WithRunflowThinking(1024), Token).ToListAsync(Token);

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(2, usage.CachedInputTokenCount);
        Assert.Equal(5, usage.ReasoningTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_UsageDetails_AreReadAndSummedOverBatches()
    {
        var handler = new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                """
                {"data":[{"index":0,"embedding":[1.0]},{"index":1,"embedding":[0.5]}],
                 "usage":{"prompt_tokens":4,"total_tokens":4,"prompt_tokens_details":{"cached_tokens":1,"text_tokens":4},"billable_characters":20}}
                """,
                Encoding.UTF8,
                "application/json"),
        }));
        using var generator = new RunflowEmbeddingGenerator(
            TestClient.Options(o => { o.TenantId = "tenant_1"; o.MaxEmbeddingBatchSize = 2; }), new HttpClient(handler));

        var embeddings = await generator.GenerateAsync(["a", "b", "c", "d"], cancellationToken: Token);

        Assert.Equal(2, handler.Requests.Count);
        var usage = embeddings.Usage!;
        Assert.Equal(8, usage.InputTokenCount);
        Assert.Equal(8, usage.TotalTokenCount);
        Assert.Equal(2, usage.CachedInputTokenCount);
        Assert.Equal(8, usage.AdditionalCounts!["prompt_tokens_details.text_tokens"]);
        Assert.Equal(40, usage.AdditionalCounts["billable_characters"]);
    }
}
