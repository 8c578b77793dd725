using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>A request cannot make one answer arbitrarily large: tool calls and embedding inputs are capped.</summary>
public sealed class RunflowEmulatorAnswerBoundsTests
{
    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolNamedMoreThan100Times_MakesTheFirst100Calls()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var text = new StringBuilder();
        for (int i = 1; i <= 150; i++)
        {
            text.Append($"count n={i}; ");
        }

        JsonObject body = EmulatorHarness.Request(text.ToString());
        body["tools"] = new JsonArray(EmulatorHarness.Tool("count", """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"""));

        JsonObject answer = await harness.ChatAsync(body);

        JsonArray calls = answer["toolCalls"]!.AsArray();
        Assert.Equal(100, calls.Count);
        Assert.Equal("""{"n":1}""", calls[0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("""{"n":100}""", calls[99]!["function"]!["arguments"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolNamedAMillionTimes_IsCalledOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject body = EmulatorHarness.Request(string.Concat(Enumerable.Repeat("t ", 1_000_000)));
        body["tools"] = new JsonArray(EmulatorHarness.Tool("t", """{"type":"object","properties":{"x":{"type":"string"}},"required":["x"]}"""));

        // Only the message's first 64 KB is read for tool names and values: one call, within the test's bound.
        JsonObject answer = await harness.ChatAsync(body);

        Assert.Single(answer["toolCalls"]!.AsArray());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_MoreThan2048Inputs_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        // Eight dimensions keep the accepted answer small: the bound is on the number of inputs, not on the vectors.
        JsonObject tooMany = EmulatorHarness.EmbeddingsRequest(Enumerable.Repeat("a", 2049).ToArray());
        JsonObject atMost = EmulatorHarness.EmbeddingsRequest(Enumerable.Repeat("a", 2048).ToArray());
        tooMany["dimensions"] = 8;
        atMost["dimensions"] = 8;
        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(tooMany.ToJsonString());
        using HttpResponseMessage most = await harness.PostEmbeddingsAsync(atMost.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal("input must contain at most 2048 strings; it has 2049.", error["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, most.StatusCode);
    }
}
