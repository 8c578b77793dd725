using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorStreamingTests
{
    /// <summary>Reads a response body piece by piece, as it arrives, and returns each read's bytes.</summary>
    private static async Task<List<byte[]>> ReadPiecesAsync(HttpResponseMessage response)
    {
        var pieces = new List<byte[]>();
        await using Stream body = await response.Content.ReadAsStreamAsync(EmulatorHarness.Token);
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer, EmulatorHarness.Token)) > 0)
        {
            pieces.Add(buffer[..read]);
        }

        return pieces;
    }

    private static Task<HttpResponseMessage> SendStreamAsync(EmulatorHarness harness, JsonObject request) =>
        harness.Http.SendAsync(harness.Message(EmulatorHarness.StreamPath, request.ToJsonString()), HttpCompletionOption.ResponseHeadersRead, EmulatorHarness.Token);

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_SameRequest_TextEqualsTheChatText()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", "Be a pirate."), ("user", "Quote the famous words, please."));
        request["instructions"] = "Be exact.";
        request["maxTokens"] = 12;

        JsonObject chat = await harness.ChatAsync(request);
        string streamed = await harness.StreamAsync(request);

        Assert.Equal(chat["text"]!.GetValue<string>(), streamed);
        Assert.Equal("You said: \"Quote the famous words, please.\"", streamed);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_Response_IsChunkedPlainText()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendStreamAsync(harness, EmulatorHarness.Request("Hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("You said: \"Hello\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_SmallChunksWithDelay_ArriveInSeveralPiecesSplittingAMultiByteCharacter()
    {
        // "You said: \"" is 11 bytes, é 2, € 3, 😀 4 and the space 1: 3-byte chunks end inside 😀 (at byte 18) and inside
        // several later characters, so a split survives even if two chunks happen to arrive in one read.
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { StreamChunkSize = 3, StreamChunkDelay = TimeSpan.FromMilliseconds(40) });

        using HttpResponseMessage response = await SendStreamAsync(harness, EmulatorHarness.Request("é€😀 é€😀 é€😀"));
        List<byte[]> pieces = await ReadPiecesAsync(response);

        byte[] all = pieces.SelectMany(p => p).ToArray();
        Assert.Equal("You said: \"é€😀 é€😀 é€😀\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", Encoding.UTF8.GetString(all));
        Assert.True(pieces.Count >= 4, $"expected several pieces, got {pieces.Count}");
        Assert.Contains(pieces, p => !IsWholeUtf8(p));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_SplitsInsideCharactersForbidden_EveryPieceIsWholeUtf8()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions
        {
            StreamChunkSize = 3,
            StreamChunkDelay = TimeSpan.FromMilliseconds(40),
            AllowSplitInsideCharacter = false,
        });

        using HttpResponseMessage response = await SendStreamAsync(harness, EmulatorHarness.Request("é€😀é"));
        List<byte[]> pieces = await ReadPiecesAsync(response);

        Assert.Equal("You said: \"é€😀é\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", Encoding.UTF8.GetString(pieces.SelectMany(p => p).ToArray()));
        Assert.True(pieces.Count >= 4, $"expected several pieces, got {pieces.Count}");
        Assert.All(pieces, p => Assert.True(IsWholeUtf8(p)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_ToolsOfferedAndNamed_StreamsTheTextReplyInstead()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Use get_weather city=Lisbon");
        request["tools"] = new JsonArray(EmulatorHarness.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

        string streamed = await harness.StreamAsync(request);

        Assert.Equal("You said: \"Use get_weather city=Lisbon\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", streamed);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_ToolResults_StreamsTheTextContainingThem()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("weather?");
        request["messages"]!.AsArray().Add(JsonNode.Parse("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}"""));
        request["messages"]!.AsArray().Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"call_1","content":"Sunny"}"""));

        string streamed = await harness.StreamAsync(request);

        Assert.Equal("Here is what I found: get_weather returned \"Sunny\". (Offline Runflow emulator: a deterministic stand-in, not a language model.)", streamed);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_ScriptedChunks_ArriveAsGiven()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { StreamChunkDelay = TimeSpan.FromMilliseconds(40) });
        harness.Emulator.Enqueue(new RunflowEmulatorReply { StreamChunks = ["Hel", "lo ", "wor", "ld"] });

        using HttpResponseMessage response = await SendStreamAsync(harness, EmulatorHarness.Request("ignored"));
        List<byte[]> pieces = await ReadPiecesAsync(response);

        Assert.Equal(["Hel", "lo ", "wor", "ld"], pieces.Select(p => Encoding.UTF8.GetString(p)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_ScriptedText_IsStreamed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("One giant leap"));

        string streamed = await harness.StreamAsync(EmulatorHarness.Request("ignored"));

        Assert.Equal("One giant leap", streamed);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_EmptyReply_EndsCleanlyWithNoBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText(string.Empty));

        using HttpResponseMessage response = await SendStreamAsync(harness, EmulatorHarness.Request("ignored"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ReadPiecesAsync(response));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_JsonSchemaFormat_StreamsTheSameInstanceAsChat()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("name=Ann");
        request["responseFormat"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "n", ["schema"] = JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""") },
        };

        string streamed = await harness.StreamAsync(request);
        JsonObject chat = await harness.ChatAsync(request);

        Assert.Equal("""{"name":"Ann"}""", streamed);
        Assert.Equal(chat["text"]!.GetValue<string>(), streamed);
    }

    private static bool IsWholeUtf8(byte[] piece)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(piece);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
