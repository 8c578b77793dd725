using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>
/// Gateway mode against a loopback OpenAI-compatible stub: the exact Chat Completions and Embeddings requests the
/// emulator sends upstream, and the Runflow answers it makes of the stub's recorded answers.
/// </summary>
public sealed class RunflowEmulatorGatewayTests : IAsyncLifetime
{
    private const string UpstreamKey = "sk-upstream-secret-4711";

    private const string WeatherTool = """
        {"type":"function","function":{"name":"get_weather","description":"Gets the weather for a city.",
         "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}
        """;

    private UpstreamStub _stub = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _stub = await UpstreamStub.StartAsync(Token);

    public async ValueTask DisposeAsync() => await _stub.DisposeAsync();

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolTurn_SendsTheToolsUpstreamAndAnswersItsToolCalls()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"llama3.2",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}}]},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
            """));

        string answer = await ChatTextAsync(harness, """
            {"projectId":"proj_test","provider":"openai","model":"gpt-4o","instructions":"You are a weather bot.",
             "messages":[{"role":"user","content":"What is the weather in Lisbon?"}],
             "temperature":0.2,"maxTokens":200,"tools":[WEATHER_TOOL],
             "toolChoice":{"type":"function","function":{"name":"get_weather"}}}
            """);

        UpstreamStubRequest sent = Assert.Single(_stub.Requests);
        Assert.Equal("POST /v1/chat/completions", $"{sent.Method} {sent.Path}");
        Assert.Equal($"Bearer {UpstreamKey}", sent.Authorization);
        JsonAssert.Equal("""
            {"model":"llama3.2",
             "messages":[{"role":"system","content":"You are a weather bot."},{"role":"user","content":"What is the weather in Lisbon?"}],
             "temperature":0.2,"max_completion_tokens":200,
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather for a city.",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}}}
            """, sent.Body);
        JsonAssert.Equal("""
            {"text":"","finishReason":"tool_calls","usage":{"promptTokens":82,"completionTokens":17,"totalTokens":99},"model":"llama3.2",
             "toolCalls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}}]}
            """, answer);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolResultTurn_SendsTheCallAndItsResultUpstream()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"llama3.2",
             "choices":[{"index":0,"message":{"role":"assistant","content":"It is 21 °C in Lisbon."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129,"prompt_tokens_details":{"cached_tokens":64}}}
            """));

        string answer = await ChatTextAsync(harness, """
            {"projectId":"proj_test","provider":"openai","model":"gpt-4o","instructions":"You are a weather bot.",
             "messages":[
               {"role":"user","content":"What is the weather in Lisbon?"},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}}]},
               {"role":"tool","tool_call_id":"call_abc","content":"{\"tempC\":21}"}],
             "temperature":0.2,"maxTokens":200,"tools":[WEATHER_TOOL]}
            """);

        JsonAssert.Equal("""
            {"model":"llama3.2",
             "messages":[
               {"role":"system","content":"You are a weather bot."},
               {"role":"user","content":"What is the weather in Lisbon?"},
               {"role":"assistant","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}}]},
               {"role":"tool","tool_call_id":"call_abc","content":"{\"tempC\":21}"}],
             "temperature":0.2,"max_completion_tokens":200,
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather for a city.",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
            """, Assert.Single(_stub.Requests).Body);
        JsonAssert.Equal("""
            {"text":"It is 21 °C in Lisbon.","finishReason":"stop",
             "usage":{"promptTokens":120,"completionTokens":9,"totalTokens":129,"cachedTokens":64},"model":"llama3.2"}
            """, answer);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SamplingAndFormatFields_TravelAsTheirChatCompletionsNames()
    {
        await using EmulatorHarness harness = await StartAsync(o => o.UpstreamApiKey = null);
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-3","object":"chat.completion","created":1,"model":"qwen2.5:0.5b",
             "choices":[{"index":0,"message":{"role":"assistant","content":"{\"city\":\"Lisbon\"}"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,"completion_tokens_details":{"reasoning_tokens":2}}}
            """));

        string answer = await ChatTextAsync(harness, """
            {"projectId":"proj_test","provider":"openai","model":"qwen2.5:0.5b","providerName":"OpenAI Production","legacy":true,
             "messages":[{"role":"system","content":"Answer in JSON.","name":"rules"},{"role":"user","content":"Where?","name":"ana"},
                         {"role":"assistant","content":"Lisbon."},{"role":"user","content":"As JSON."}],
             "topP":0.9,"frequencyPenalty":0.5,"presencePenalty":-0.5,"stop":["END"],"seed":42,"topK":40,
             "thinking":{"type":"enabled","budgetTokens":1024},"serverTools":[{"type":"web_search_20250305"}],
             "responseFormat":{"type":"json_schema","json_schema":{"name":"place","description":"A place.","strict":true,
               "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}
            """);

        UpstreamStubRequest sent = Assert.Single(_stub.Requests);
        Assert.Null(sent.Authorization);
        JsonAssert.Equal("""
            {"model":"qwen2.5:0.5b",
             "messages":[{"role":"system","content":"Answer in JSON.","name":"rules"},{"role":"user","content":"Where?","name":"ana"},
                         {"role":"assistant","content":"Lisbon."},{"role":"user","content":"As JSON."}],
             "top_p":0.9,"frequency_penalty":0.5,"presence_penalty":-0.5,"stop":["END"],"seed":42,
             "response_format":{"type":"json_schema","json_schema":{"name":"place","description":"A place.","strict":true,
               "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}
            """, sent.Body);
        JsonAssert.Equal("""
            {"text":"{\"city\":\"Lisbon\"}","finishReason":"length",
             "usage":{"promptTokens":30,"completionTokens":5,"totalTokens":35,"reasoningTokens":2},"model":"qwen2.5:0.5b"}
            """, answer);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ImagesAndFiles_TravelAsChatCompletionsParts()
    {
        await using EmulatorHarness harness = await StartAsync();
        JsonObject upload = await harness.UploadAsync(EmulatorHarness.Upload("%PDF-1.4 report"u8.ToArray(), "report.pdf", "application/pdf"));
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-4","object":"chat.completion","created":1,"model":"llava",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A red dot and two PDFs."},"finish_reason":"stop"}]}
            """));
        string png = Convert.ToBase64String(TestImages.Png(1, 1));

        string answer = await ChatTextAsync(harness, $$$"""
            {"projectId":"proj_test","provider":"openai","model":"llava","messages":[{"role":"user","content":[
              {"type":"text","text":"What are these?"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}},
              {"type":"file","file":{"file_id":"{{{upload["fileId"]}}}"}},
              {"type":"file","file":{"file_id":"file-upstream-own"}},
              {"type":"file_url","file_url":{"url":"data:application/pdf;base64,JVBERi0xLjQ="}}]}]}
            """);

        JsonAssert.Equal($$$"""
            {"model":"llava","messages":[{"role":"user","content":[
              {"type":"text","text":"What are these?"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}},
              {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQgcmVwb3J0"}},
              {"type":"file","file":{"file_id":"file-upstream-own"}},
              {"type":"file","file":{"filename":"file.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}]}]}
            """, Assert.Single(_stub.Requests).Body);
        Assert.Contains("A red dot and two PDFs.", answer, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_FileByHttpUrl_Is400NamingThePartAndNotSent()
    {
        await using EmulatorHarness harness = await StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, """
            {"projectId":"proj_test","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":[
              {"type":"text","text":"Read it."},{"type":"file_url","file_url":{"url":"https://example.com/report.pdf"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"success":false,"error":"messages[0].content[1] is a file_url part with an http(s) URL, which Chat Completions cannot carry; send the file as a data URI or upload it."}""",
            await response.Content.ReadAsStringAsync(Token));
        Assert.Empty(_stub.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_UpstreamEventStream_ArrivesAsPlainTextChunks()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Sse(
        [
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"content":"lo, wörld"},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""",
        ]));

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, EmulatorHarness.Request("Say hello").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal("Hello, wörld", await response.Content.ReadAsStringAsync(Token));
        JsonAssert.Equal("""
            {"model":"llama3.2","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_usage":true}}
            """, Assert.Single(_stub.Requests).Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_UpstreamDropsMidStream_BreaksTheRunflowStreamOff()
    {
        await using EmulatorHarness harness = await StartAsync();
        var firstPieceRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stub.Enqueue(UpstreamStubAnswer.Sse(
            ["""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"content":"Once upon"},"finish_reason":null}]}"""],
            breakOffWhen: firstPieceRead.Task));

        using HttpResponseMessage response = await harness.Http.SendAsync(
            harness.Message(EmulatorHarness.StreamPath, EmulatorHarness.Request("Tell a story").ToJsonString()), HttpCompletionOption.ResponseHeadersRead, Token);
        await using Stream body = await response.Content.ReadAsStreamAsync(Token);
        var first = new byte["Once upon".Length];
        await body.ReadExactlyAsync(first, Token);
        firstPieceRead.SetResult();
        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            while (await body.ReadAsync(new byte[64], Token) > 0)
            {
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Once upon", System.Text.Encoding.UTF8.GetString(first));
        Assert.IsAssignableFrom<IOException>(failure);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_TranslatedBothWays()
    {
        await using EmulatorHarness harness = await StartAsync(o => o.UpstreamModelMap["text-embedding-3-small"] = "nomic-embed-text");
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"object":"list","model":"nomic-embed-text",
             "data":[{"object":"embedding","index":1,"embedding":[0.5,-0.25]},{"object":"embedding","index":0,"embedding":[0.125,1]}],
             "usage":{"prompt_tokens":6,"total_tokens":6}}
            """));

        string answer = await harness.EmbedTextAsync(new JsonObject { ["input"] = new JsonArray("first", "second"), ["dimensions"] = 2 });

        JsonAssert.Equal("""{"model":"nomic-embed-text","input":["first","second"],"dimensions":2,"encoding_format":"base64"}""", Assert.Single(_stub.Requests).Body);
        JsonAssert.Equal("""
            {"object":"list","model":"nomic-embed-text","usage":{"prompt_tokens":6,"total_tokens":6},
             "data":[{"object":"embedding","index":0,"embedding":[0.125,1]},{"object":"embedding","index":1,"embedding":[0.5,-0.25]}]}
            """, answer);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(404, """{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error"}}""", 404, "The upstream answered HTTP 404: model \"llama9\" not found, try pulling it first")]
    [InlineData(400, """{"object":"error","message":"max_tokens is too large","type":"BadRequestError"}""", 400, "The upstream answered HTTP 400: max_tokens is too large")]
    [InlineData(422, """{"detail":"Unprocessable"}""", 422, "The upstream answered HTTP 422: Unprocessable")]
    [InlineData(500, """{"error":"llama runner process has terminated"}""", 502, "The upstream answered HTTP 500: llama runner process has terminated")]
    [InlineData(503, "Service Unavailable", 502, "The upstream answered HTTP 503: Service Unavailable")]
    [InlineData(307, "", 502, "The upstream answered HTTP 307, a redirect, which the emulator does not follow; set the upstream URL it redirects to.")]
    public async Task Chat_UpstreamHttpError_IsTheRunflowErrorShape(int upstreamStatus, string upstreamBody, int expectedStatus, string expectedMessage)
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(new UpstreamStubAnswer
        {
            StatusCode = upstreamStatus,
            Chunks = [upstreamBody],
            Headers = upstreamStatus == 307 ? new Dictionary<string, string> { ["Location"] = "http://127.0.0.1:1/elsewhere" } : new Dictionary<string, string>(),
        });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(new JsonObject { ["success"] = false, ["error"] = expectedMessage }.ToJsonString(), JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!.ToJsonString());
        Assert.Single(_stub.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_UpstreamRateLimits_Is429WithItsRetryAfter()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(new UpstreamStubAnswer
        {
            StatusCode = 429,
            Chunks = ["""{"error":{"message":"Rate limit reached","type":"requests"}}"""],
            Headers = new Dictionary<string, string> { ["Retry-After"] = "7" },
        });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal("""{"success":false,"error":"The upstream answered HTTP 429: Rate limit reached"}""", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_UpstreamQuotesTheKey_TheKeyIsNeitherEchoedNorLogged()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using EmulatorHarness harness = await StartAsync(o => o.LoggerFactory = loggerFactory);
        _stub.Enqueue(UpstreamStubAnswer.Json($$$"""{"error":{"message":"Incorrect API key provided: {{{UpstreamKey}}}.","type":"invalid_request_error"}}""", 401));

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hello"));
        string body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"The upstream answered HTTP 401: Incorrect API key provided: [redacted]."}""", body);
        Assert.Equal($"Bearer {UpstreamKey}", Assert.Single(_stub.Requests).Authorization);
        Assert.DoesNotContain(UpstreamKey, string.Join('\n', logs.Messages), StringComparison.Ordinal);
        Assert.DoesNotContain(UpstreamKey, string.Join('\n', harness.Emulator.Requests.Select(r => r.Body + string.Join(',', r.Headers.Values))), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_UpstreamRefusesConnections_Is502()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using EmulatorHarness harness = await StartAsync(o => o.Upstream = new Uri($"http://127.0.0.1:{closedPort}/v1"));

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        string error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!.GetValue<string>();
        Assert.StartsWith("The upstream could not be reached: ", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_UpstreamHangs_Is504AfterTheTimeout()
    {
        await using EmulatorHarness harness = await StartAsync(o => o.UpstreamTimeout = TimeSpan.FromMilliseconds(300));
        _stub.Enqueue(new UpstreamStubAnswer { Hangs = true });

        using HttpResponseMessage response = await harness.PostChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"The upstream did not answer within 0.3 seconds."}""", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_UpstreamFailsBeforeItsFirstEvent_IsTheRunflowErrorShape()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Json("""{"error":{"message":"out of memory"}}""", 500));

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, EmulatorHarness.Request("hello").ToJsonString());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"The upstream answered HTTP 500: out of memory"}""", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_UpstreamFails_IsTheRunflowErrorShape()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Json("""{"error":{"message":"this model does not support embeddings"}}""", 400));

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("x").ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"success":false,"error":"The upstream answered HTTP 400: this model does not support embeddings"}""", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_FailingTheEmulatorsChecksOrFaulted_NeverReachTheUpstream()
    {
        await using EmulatorHarness harness = await StartAsync(o => o.ApiKeys.Add(EmulatorHarness.ApiKey));
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(2)));

        using HttpResponseMessage faulted = await harness.PostChatAsync(EmulatorHarness.Request("hello"));
        using HttpResponseMessage invalid = await harness.PostAsync(EmulatorHarness.ChatPath, """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[]}""");
        using HttpResponseMessage wrongKey = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hello").ToJsonString(), apiKey: "rf_wrong");
        using HttpResponseMessage noTenant = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("x").ToJsonString(), tenantId: null);

        Assert.Equal(
            [HttpStatusCode.TooManyRequests, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest],
            [faulted.StatusCode, invalid.StatusCode, wrongKey.StatusCode, noTenant.StatusCode]);
        Assert.Empty(_stub.Requests);
        Assert.Equal(4, harness.Emulator.Requests.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ScriptedReply_StandsInForTheUpstream()
    {
        await using EmulatorHarness harness = await StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromText("scripted"));

        JsonObject answer = await harness.ChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal("scripted", answer["text"]!.GetValue<string>());
        Assert.Empty(_stub.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upstream_AnswerLargerThanTheLimit_Is502NamingTheLimit()
    {
        _stub.Enqueue(new UpstreamStubAnswer { Chunks = [new string(' ', 600), """{"choices":[]}"""] });
        using var upstream = new RunflowEmulatorUpstream(new RunflowEmulatorOptions { Upstream = _stub.BaseUrl }, maxResponseBytes: 512);
        Assert.True(RunflowEmulatorRequestParser.TryParse(EmulatorHarness.Request("hello").ToJsonString(), out RunflowEmulatorChatRequest? request, out _));

        RunflowEmulatorUpstreamException error = await Assert.ThrowsAsync<RunflowEmulatorUpstreamException>(() => upstream.CompleteAsync(request, _ => null, Token));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("The upstream's answer is larger than the 512 bytes the emulator reads.", error.Message);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("ftp://127.0.0.1/v1/")]
    [InlineData("http://user:pass@127.0.0.1/v1/")]
    [InlineData("/v1/")]
    public async Task StartAsync_UpstreamNotAnHttpUrl_FailsNamingTheOption(string upstream)
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { Upstream = new Uri(upstream, UriKind.RelativeOrAbsolute) });

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => emulator.StartAsync(Token));

        Assert.Equal("Upstream", error.ParamName);
        Assert.DoesNotContain("pass", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Inspector_UpstreamAnswer_IsShownAsTheUpstreams()
    {
        await using EmulatorHarness harness = await StartAsync();
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"llama3.2",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
            """));
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Text = "scripted hello" });

        await ChatTextAsync(harness, """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"a"}]}""");
        await ChatTextAsync(harness, """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"b"}]}""");

        JsonArray rows = JsonNode.Parse(await harness.Http.GetStringAsync("_inspector/requests", Token))!.AsArray();
        // The first call took the queued reply; the second went upstream.
        Assert.Equal(["scripted", "upstream"], rows.OrderBy(row => row!["id"]!.GetValue<long>()).Select(row => row!["reply"]!.GetValue<string>()));
        Assert.Single(_stub.Requests);
    }

    private async Task<EmulatorHarness> StartAsync(Action<RunflowEmulatorOptions>? configure = null)
    {
        var options = new RunflowEmulatorOptions { Upstream = _stub.BaseUrl, UpstreamApiKey = UpstreamKey };
        options.UpstreamModelMap["gpt-4o"] = "llama3.2";
        configure?.Invoke(options);
        return await EmulatorHarness.StartAsync(options);
    }

    private static async Task<string> ChatTextAsync(EmulatorHarness harness, string body)
    {
        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, body.Replace("WEATHER_TOOL", WeatherTool, StringComparison.Ordinal));
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return text;
    }
}
