using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The inspector's page and data: served without a key and unrecorded, bounded, the key masked, and live.</summary>
public sealed class RunflowEmulatorInspectorTests
{
    private const string ListPath = "_inspector/requests";
    private const string EventsPath = "_inspector/events";

    [Fact]
    public void Options_Default_ServeTheInspector() => Assert.True(new RunflowEmulatorOptions().EnableInspector);

    [Fact(Timeout = TestBounds.Test)]
    public async Task Page_WithoutKey_IsServedFromTheAssemblyAndNotRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage page = await harness.Http.GetAsync("/", EmulatorHarness.Token);
        string html = await page.Content.ReadAsStringAsync(EmulatorHarness.Token);
        using HttpResponseMessage script = await harness.Http.GetAsync("_inspector/assets/inspector.js", EmulatorHarness.Token);
        using HttpResponseMessage style = await harness.Http.GetAsync("_inspector/assets/inspector.css", EmulatorHarness.Token);
        using HttpResponseMessage icon = await harness.Http.GetAsync("favicon.ico", EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Inspector · Runflow emulator</title>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'; script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Empty(harness.Emulator.Requests);
        Assert.Equal("[]", await harness.Http.GetStringAsync(ListPath, EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task List_AfterAChat_ShowsMethodPathStatusReplyAndTiming()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        DateTimeOffset before = DateTimeOffset.UtcNow;

        await harness.ChatAsync(EmulatorHarness.Request("hi"));

        JsonObject row = Assert.Single(await ListAsync(harness.Http))!.AsObject();
        Assert.Equal(
            ["id", "method", "path", "status", "done", "reply", "fault", "streaming", "requestId", "time", "durationMs"],
            row.Select(p => p.Key));
        Assert.Equal(1, row["id"]!.GetValue<long>());
        Assert.Equal("POST", row["method"]!.GetValue<string>());
        Assert.Equal("/api/v1/runtime/v1/chat", row["path"]!.GetValue<string>());
        Assert.Equal(200, row["status"]!.GetValue<int>());
        Assert.True(row["done"]!.GetValue<bool>());
        Assert.Equal("model", row["reply"]!.GetValue<string>());
        Assert.Null(row["fault"]);
        Assert.False(row["streaming"]!.GetValue<bool>());
        Assert.Equal("req_000001", row["requestId"]!.GetValue<string>());
        Assert.InRange(row["time"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow);
        Assert.True(row["durationMs"]!.GetValue<double>() >= 0);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Detail_KeyInHeadersBodyAndAnswer_IsMaskedEverywhere()
    {
        const string key = "rf_inspector_secret_77";
        await using var harness = await EmulatorHarness.StartAsync();
        using HttpRequestMessage message = harness.Message(EmulatorHarness.ChatPath, EmulatorHarness.Request($"my key is {key}").ToJsonString(), key);
        message.Headers.Add("x-trace-note", $"sent with {key}");

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);
        string answer = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        string list = await harness.Http.GetStringAsync(ListPath, EmulatorHarness.Token);
        string detailText = await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, detailText, StringComparison.Ordinal);
        JsonObject detail = JsonNode.Parse(detailText)!.AsObject();
        Assert.Equal("[redacted]", detail["headers"]!["x-api-key"]!.GetValue<string>());
        Assert.Equal("sent with [redacted]", detail["headers"]!["x-trace-note"]!.GetValue<string>());
        JsonObject request = detail["request"]!.AsObject();
        Assert.True(request["json"]!.GetValue<bool>());
        Assert.Equal("my key is [redacted]", JsonNode.Parse(request["text"]!.GetValue<string>())!["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Contains("\n  \"projectId\": \"proj_test\",\n", request["text"]!.GetValue<string>(), StringComparison.Ordinal);
        JsonObject shownAnswer = detail["answer"]!.AsObject();
        Assert.Contains("my key is [redacted]", shownAnswer["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("application/json; charset=utf-8", shownAnswer["contentType"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetByteCount(answer), shownAnswer["length"]!.GetValue<long>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Detail_BearerKeyOnARefusedRequest_IsMasked()
    {
        const string key = "rf_refused_secret_13";
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { ApiKeys = { "rf_only_this" } });

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request(key).ToJsonString(), key, header: "Authorization");
        string detailText = await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(key, detailText, StringComparison.Ordinal);
        JsonObject detail = JsonNode.Parse(detailText)!.AsObject();
        Assert.Equal("[redacted]", detail["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal(401, detail["summary"]!["status"]!.GetValue<int>());
        Assert.Null(detail["summary"]!["reply"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task List_ScriptedFault_ShowsTheFaultAndItsAnswer()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(3)));

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hi"));
        JsonObject detail = JsonNode.Parse(await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token))!.AsObject();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(429, detail["summary"]!["status"]!.GetValue<int>());
        Assert.Equal("scripted", detail["summary"]!["reply"]!.GetValue<string>());
        Assert.Equal("TooManyRequests", detail["summary"]!["fault"]!.GetValue<string>());
        Assert.Equal("{\n  \"success\": false,\n  \"error\": \"Rate limit exceeded; retry after 3 seconds.\"\n}", detail["answer"]!["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Detail_StreamedAnswer_IsTheStreamedText()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        string streamed = await harness.StreamAsync(EmulatorHarness.Request("hello there"));
        JsonObject detail = JsonNode.Parse(await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token))!.AsObject();

        Assert.True(detail["summary"]!["streaming"]!.GetValue<bool>());
        Assert.Equal(streamed, detail["answer"]!["text"]!.GetValue<string>());
        Assert.False(detail["answer"]!["json"]!.GetValue<bool>());
        Assert.Equal("text/plain; charset=utf-8", detail["answer"]!["contentType"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Detail_LongJsonString_IsShortenedAndTheBodyStaysJson()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string body = EmulatorHarness.Request(new string('a', 100_000)).ToJsonString();

        await harness.ChatAsync(JsonNode.Parse(body)!.AsObject());
        JsonObject request = JsonNode.Parse(await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token))!["request"]!.AsObject();

        Assert.True(request["json"]!.GetValue<bool>());
        Assert.False(request["truncated"]!.GetValue<bool>());
        Assert.Equal(Encoding.UTF8.GetByteCount(body), request["length"]!.GetValue<long>());
        string content = JsonNode.Parse(request["text"]!.GetValue<string>())!["messages"]![0]!["content"]!.GetValue<string>();
        Assert.Equal(new string('a', 8 * 1024) + "… [91808 more characters]", content);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Detail_LargeBodyThatIsNotJson_IsCutAt64KiBWithANote()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, new string('x', 100_000));
        JsonObject request = JsonNode.Parse(await harness.Http.GetStringAsync($"{ListPath}/1", EmulatorHarness.Token))!["request"]!.AsObject();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(request["json"]!.GetValue<bool>());
        Assert.True(request["truncated"]!.GetValue<bool>());
        Assert.Equal(100_000, request["length"]!.GetValue<long>());
        Assert.Equal(new string('x', 64 * 1024), request["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task List_MoreThan200Requests_KeepsTheLatest200InProcess()
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { InProcess = true, MaxRecordedRequests = 0 });
        await emulator.StartAsync(EmulatorHarness.Token);
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = emulator.Endpoint };

        for (int i = 1; i <= 205; i++)
        {
            using HttpResponseMessage response = await http.GetAsync($"missing/{i}", EmulatorHarness.Token);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        JsonArray list = await ListAsync(http);
        using HttpResponseMessage forgotten = await http.GetAsync($"{ListPath}/5", EmulatorHarness.Token);
        using HttpResponseMessage page = await http.GetAsync("/", EmulatorHarness.Token);

        Assert.Equal(200, list.Count);
        Assert.Equal(Enumerable.Range(6, 200).Select(i => (long)i), list.Select(r => r!["id"]!.GetValue<long>()));
        Assert.Equal("/missing/205", list[^1]!["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, forgotten.StatusCode);
        Assert.Contains("latest 200", await forgotten.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(emulator.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Events_NewRequest_ArrivesAfterTheSnapshotUntilItsAnswerIsDone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.ChatAsync(EmulatorHarness.Request("first"));
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(EmulatorHarness.Token);
        bound.CancelAfter(TestBounds.Event);
        using var subscribe = new HttpRequestMessage(HttpMethod.Get, EventsPath);
        subscribe.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using HttpResponseMessage events = await harness.Http.SendAsync(subscribe, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        await using Stream stream = await events.Content.ReadAsStreamAsync(bound.Token);
        await using IAsyncEnumerator<SseItem<string>> feed = SseParser.Create(stream).EnumerateAsync(bound.Token).GetAsyncEnumerator(bound.Token);

        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        Assert.True(await feed.MoveNextAsync());
        Assert.Equal("snapshot", feed.Current.EventType);
        // The snapshot holds the first request: the feed is subscribed, so the second cannot be missed.
        Assert.Equal([1L], JsonNode.Parse(feed.Current.Data)!.AsArray().Select(r => r!["id"]!.GetValue<long>()));

        await harness.ChatAsync(EmulatorHarness.Request("second"));

        var seen = new List<(long Id, bool Done, int Status)>();
        while (seen.Count < 2 && await feed.MoveNextAsync())
        {
            Assert.Equal("request", feed.Current.EventType);
            JsonNode row = JsonNode.Parse(feed.Current.Data)!;
            seen.Add((row["id"]!.GetValue<long>(), row["done"]!.GetValue<bool>(), row["status"]!.GetValue<int>()));
        }

        Assert.Equal([(2L, false, 0), (2L, true, 200)], seen);
        Assert.DoesNotContain(EmulatorHarness.ApiKey, feed.Current.Data, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Page_InspectorOff_RootIsAnUnknownPathAndRecorded()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EnableInspector = false });

        using HttpResponseMessage page = await harness.Http.GetAsync("/", EmulatorHarness.Token);
        using HttpResponseMessage list = await harness.Http.GetAsync(ListPath, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(["/", "/_inspector/requests"], harness.Emulator.Requests.Select(r => r.Path));
    }

    private static async Task<JsonArray> ListAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync(ListPath, EmulatorHarness.Token))!.AsArray();
}
