using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorScriptingTests
{
    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_TextReply_IsUsedOnceThenTheModelAnswers()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("Scripted answer"));
        Assert.Equal(1, harness.Emulator.PendingReplyCount);

        JsonObject first = await harness.ChatAsync(EmulatorHarness.Request("hi"));
        JsonObject second = await harness.ChatAsync(EmulatorHarness.Request("hi"));

        Assert.Equal("Scripted answer", first["text"]!.GetValue<string>());
        Assert.Equal("stop", first["finishReason"]!.GetValue<string>());
        Assert.Equal("gpt-4o", first["model"]!.GetValue<string>());
        Assert.Equal(1, first["usage"]!["promptTokens"]!.GetValue<int>());
        Assert.Equal(2, first["usage"]!["completionTokens"]!.GetValue<int>());
        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", second["text"]!.GetValue<string>());
        Assert.Equal(0, harness.Emulator.PendingReplyCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_SeveralReplies_AreUsedInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("one"));
        harness.Emulator.Enqueue(RunflowEmulatorReply.InternalServerError());
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("three"));

        JsonObject first = await harness.ChatAsync(EmulatorHarness.Request("x"));
        using HttpResponseMessage second = await harness.PostChatAsync(EmulatorHarness.Request("x"));
        JsonObject third = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal("one", first["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal("three", third["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_EveryField_IsSentAsScripted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply
        {
            Text = "partial",
            FinishReason = "max_tokens",
            Model = "claude-x",
            Thinking = "hmm",
            Usage = new RunflowEmulatorUsage { PromptTokens = 12, CompletionTokens = 40 },
            Headers = { ["x-request-id"] = "req_42" },
        });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));
        JsonObject reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();

        Assert.Equal("req_42", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal("partial", reply["text"]!.GetValue<string>());
        Assert.Equal("max_tokens", reply["finishReason"]!.GetValue<string>());
        Assert.Equal("claude-x", reply["model"]!.GetValue<string>());
        Assert.Equal("hmm", reply["thinking"]!.GetValue<string>());
        Assert.Equal(12, reply["usage"]!["promptTokens"]!.GetValue<int>());
        Assert.Equal(40, reply["usage"]!["completionTokens"]!.GetValue<int>());
        Assert.Equal(52, reply["usage"]!["totalTokens"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_ToolCalls_AreSentInOpenAiShapeWithNumberedIds()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromToolCalls(
            new RunflowEmulatorToolCall("get_weather", """{"city":"Lisbon"}"""),
            new RunflowEmulatorToolCall("get_time") { Id = "custom_id" },
            new RunflowEmulatorToolCall("get_news", """{"topic":"tech"}""")));

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal("tool_calls", reply["finishReason"]!.GetValue<string>());
        JsonArray calls = reply["toolCalls"]!.AsArray();
        Assert.Equal(["call_1", "custom_id", "call_3"], calls.Select(c => c!["id"]!.GetValue<string>()));
        Assert.All(calls, c => Assert.Equal("function", c!["type"]!.GetValue<string>()));
        Assert.Equal("""{"city":"Lisbon"}""", calls[0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("{}", calls[1]!["function"]!["arguments"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_RawBody_IsSentVerbatimWithItsContentType()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Raw = """{"success":true,"data":{"text":"wrapped","finishReason":"end_turn"}}""";
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody(Raw, "application/json"));
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody([0x68, 0x69], "text/plain", 202));

        using HttpResponseMessage first = await harness.PostChatAsync(EmulatorHarness.Request("x"));
        using HttpResponseMessage second = await harness.PostChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(Raw, await first.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal("application/json", first.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("text/plain", second.Content.Headers.ContentType!.MediaType);
        Assert.Equal("hi", await second.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_RawBodyOnTheStreamPath_IsSentVerbatim()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Events = "data: {\"text\":\"Hi\"}\n\ndata: [DONE]\n\n";
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody(Events, "text/event-stream"));

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, EmulatorHarness.Request("x").ToJsonString());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Events, await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_StatusCode_SendsAnErrorBodyWithTheScriptedMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { StatusCode = 400, Error = "No credential configured for ANTHROPIC" });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"No credential configured for ANTHROPIC"}""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_ScriptedTextForAnInvalidRequest_StillGets400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("never sent"));
        JsonObject request = EmulatorHarness.Request("x");
        request.Remove("model");

        using HttpResponseMessage response = await harness.PostChatAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, harness.Emulator.PendingReplyCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_RequestRejectedForItsKey_DoesNotUseTheReply()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("kept"));

        using HttpResponseMessage rejected = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("x").ToJsonString(), apiKey: null);
        JsonObject accepted = await harness.ChatAsync(EmulatorHarness.Request("x"));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("kept", accepted["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Enqueue_BodyDelay_SendsHeadersFirstAndTheBodyLater()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Text = "late", BodyDelay = TimeSpan.FromSeconds(3) });

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await harness.Http.SendAsync(
            harness.Message(EmulatorHarness.ChatPath, EmulatorHarness.Request("x").ToJsonString()), HttpCompletionOption.ResponseHeadersRead, EmulatorHarness.Token);

        // The headers are here while the body is still held back: its read has not completed.
        Task<string> body = response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        Assert.False(body.IsCompleted, "the body arrived with the headers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Contains("\"late\"", await body, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(2980), $"body came after {clock.Elapsed}");
    }

    [Fact]
    public void Enqueue_Null_Throws()
    {
        var emulator = new RunflowEmulator();

        Assert.Throws<ArgumentNullException>(() => emulator.Enqueue(null!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_RecordMethodPathBodyJsonAndStatus()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("record me");
        request["temperature"] = 0.5;

        await harness.ChatAsync(request);
        await harness.StreamAsync(request);

        Assert.Equal(2, harness.Emulator.Requests.Count);
        RunflowEmulatorRequest chat = harness.Emulator.Requests[0];
        Assert.Equal("POST", chat.Method);
        Assert.Equal("/api/v1/runtime/v1/chat", chat.Path);
        Assert.False(chat.IsStreaming);
        Assert.Equal(request.ToJsonString(), chat.Body);
        Assert.Equal(0.5, chat.Json!["temperature"]!.GetValue<double>());
        Assert.Equal("record me", chat.Json["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(200, chat.StatusCode);
        Assert.Equal(RunflowEmulatorFault.None, chat.Fault);
        Assert.Equal("application/json; charset=utf-8", chat.Headers["Content-Type"]);

        RunflowEmulatorRequest stream = harness.Emulator.Requests[1];
        Assert.Equal("/api/v1/runtime/v1/chat/stream", stream.Path);
        Assert.True(stream.IsStreaming);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("x-api-key")]
    [InlineData("Authorization")]
    public async Task Requests_ApiKey_IsDetectedButNeverRecorded(string header)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("x").ToJsonString(), EmulatorHarness.ApiKey, header);

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.True(recorded.HasApiKey);
        Assert.Equal(header, recorded.ApiKeyHeaderName);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, recorded.Headers[header]);
        Assert.DoesNotContain(recorded.Headers.Values, v => v.Contains(EmulatorHarness.ApiKey, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_WithoutKey_RecordsThatNoKeyWasSent()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, "{", apiKey: null);

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.False(recorded.HasApiKey);
        Assert.Null(recorded.ApiKeyHeaderName);
        Assert.Null(recorded.Json);
        Assert.Equal("{", recorded.Body);
        Assert.Equal(401, recorded.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_TenantAndCustomHeaders_AreRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using HttpRequestMessage message = harness.Message(EmulatorHarness.ChatPath, EmulatorHarness.Request("x").ToJsonString());
        message.Headers.Add("x-runflow-tenant-id", "tenant_7");
        message.Headers.UserAgent.ParseAdd("Runflow.AI.Extensions/1.0");

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);

        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("tenant_7", recorded.Headers["X-Runflow-Tenant-Id"]);
        Assert.Contains("Runflow.AI.Extensions/1.0", recorded.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ClearRequests_ForgetsWhatWasRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.ChatAsync(EmulatorHarness.Request("x"));

        harness.Emulator.ClearRequests();
        await harness.ChatAsync(EmulatorHarness.Request("y"));

        Assert.Equal("y", Assert.Single(harness.Emulator.Requests).Json!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_NonAsciiBody_IsRecordedAsUtf8Text()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Olá, €uro 😀");

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Olá, €uro 😀", Assert.Single(harness.Emulator.Requests).Json!["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetByteCount(request.ToJsonString()), Encoding.UTF8.GetByteCount(harness.Emulator.Requests[0].Body));
    }
}
