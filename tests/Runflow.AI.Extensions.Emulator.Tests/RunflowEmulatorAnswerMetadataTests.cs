using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>What every answer carries beside its body: the request id, and scripted cached and reasoning usage.</summary>
public sealed class RunflowEmulatorAnswerMetadataTests
{
    private static string RequestId(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("x-request-id"));

    [Fact(Timeout = TestBounds.Test)]
    public async Task Answers_OnEveryEndpointAndStatus_CarryASequentialRequestId()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests());
        string chat = EmulatorHarness.Request("hi").ToJsonString();

        using HttpResponseMessage limited = await harness.PostAsync(EmulatorHarness.ChatPath, chat);
        using HttpResponseMessage answered = await harness.PostAsync(EmulatorHarness.ChatPath, chat);
        using HttpResponseMessage streamed = await harness.PostAsync(EmulatorHarness.StreamPath, chat);
        using HttpResponseMessage embedded = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("a").ToJsonString());
        using HttpResponseMessage discovered = await harness.PostAsync("api/v1/runtime/auth/discover", """{"apiKey":"k"}""");
        using HttpResponseMessage unauthorized = await harness.PostAsync(EmulatorHarness.ChatPath, chat, apiKey: null);
        using HttpResponseMessage missing = await harness.PostAsync("nowhere", chat);

        HttpResponseMessage[] responses = [limited, answered, streamed, embedded, discovered, unauthorized, missing];
        Assert.Equal([429, 200, 200, 200, 200, 401, 404], responses.Select(r => (int)r.StatusCode));
        Assert.Equal(
            ["req_000001", "req_000002", "req_000003", "req_000004", "req_000005", "req_000006", "req_000007"],
            responses.Select(RequestId));
        Assert.Equal(responses.Select(RequestId), harness.Emulator.Requests.Select(r => r.RequestId));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Answers_RequestIdScriptedInHeaders_ReplacesTheEmulatorsAndIsRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Headers = { ["X-Request-Id"] = "req_scripted" } });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hi"));

        Assert.Equal("req_scripted", RequestId(response));
        Assert.Equal("req_scripted", Assert.Single(harness.Emulator.Requests).RequestId);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ScriptedCachedAndReasoningTokens_AreSentInTheUsage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply
        {
            Text = "ok",
            Usage = new RunflowEmulatorUsage { PromptTokens = 12, CompletionTokens = 40, CachedTokens = 8, ReasoningTokens = 30 },
        });

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(
            """{"promptTokens":12,"completionTokens":40,"totalTokens":52,"cachedTokens":8,"reasoningTokens":30}""",
            reply["usage"]!.ToJsonString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoCachedOrReasoningTokensScripted_SendsNeither()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Usage = new RunflowEmulatorUsage { PromptTokens = 1, CompletionTokens = 2 } });

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal("""{"promptTokens":1,"completionTokens":2,"totalTokens":3}""", reply["usage"]!.ToJsonString());
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Embeddings_ScriptedCachedAndReasoningTokens_AreSentInTheDetailsObjects(bool envelope)
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = envelope });
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Usage = new RunflowEmulatorUsage { PromptTokens = 5, CachedTokens = 3, ReasoningTokens = 1 } });

        JsonObject answer = await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("a"));

        JsonNode body = envelope ? answer["data"]! : answer;
        Assert.Equal(
            """{"prompt_tokens":5,"total_tokens":5,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":1}}""",
            body["usage"]!.ToJsonString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_ModelAnswer_HasNoDetailsObjects()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject answer = await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("a b"));

        Assert.Equal(["prompt_tokens", "total_tokens"], answer["usage"]!.AsObject().Select(p => p.Key));
    }
}
