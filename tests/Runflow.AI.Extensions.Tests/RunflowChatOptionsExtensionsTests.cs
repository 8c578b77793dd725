using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

public sealed class RunflowChatOptionsExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task TypedKnobs_ReachTheWire()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }
            .WithRunflowProjectId("proj_9")
            .WithRunflowProvider("gemini")
            .WithRunflowProviderName("Gemini Prod")
            .WithRunflowLegacy()
            .WithRunflowThinking(3000)
            .WithRunflowServerTools("web_search_20250305");

        await client.GetResponseAsync("Hi", options, Token);

        TestClient.AssertJson("""
            {"projectId":"proj_9","provider":"gemini","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],
             "providerName":"Gemini Prod","legacy":true,"thinking":{"type":"enabled","budgetTokens":3000},
             "serverTools":[{"type":"web_search_20250305"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task WithRunflowThinking_Zero_TurnsReasoningOff()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }.WithRunflowThinking(0), Token);

        Assert.False(JsonNode.Parse(handler.Single.Body)!.AsObject().ContainsKey("thinking"));
    }

    [Fact]
    public void Knobs_RejectBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithRunflowThinking(-1));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithRunflowProvider(" "));
        Assert.Throws<ArgumentNullException>(() => ((ChatOptions)null!).WithRunflowProjectId("p"));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithRunflowServerTools("web", ""));
    }

    [Fact]
    public void Knobs_WriteUnderTheWireNames()
    {
        var options = new ChatOptions().WithRunflowProviderName("X").WithRunflowLegacy(false);

        Assert.Equal("X", options.AdditionalProperties!["providerName"]);
        Assert.Equal(false, options.AdditionalProperties["legacy"]);
    }
}
