using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The exact request bytes for each mapping rule.</summary>
public sealed class RunflowChatClientRequestTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_PlainConversation_SendsMinimalBodyAndHeaders()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler, o => o.TenantId = "tenant_9");

        await client.GetResponseAsync("Hi", cancellationToken: Token);

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/chat", request.Uri.ToString());
        Assert.Equal(TestClient.ApiKey, request.Header("x-api-key"));
        Assert.Equal("tenant_9", request.Header("x-runflow-tenant-id"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.StartsWith("Runflow.AI.Extensions/", request.Header("User-Agent"));
        Assert.Null(request.Header("Authorization"));
        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}
            """, request.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RolesInAnyLetterCase_AreSentInLowerCase()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new ChatMessage(new ChatRole("SYSTEM"), "Be brief."),
                new ChatMessage(new ChatRole("User"), "Hi \"there\""),
                new ChatMessage(new ChatRole("ASSISTANT"), "Hello."),
                new ChatMessage(new ChatRole("user"), "Bye"),
            ],
            cancellationToken: Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[
            {"role":"system","content":"Be brief."},
            {"role":"user","content":"Hi \"there\""},
            {"role":"assistant","content":"Hello."},
            {"role":"user","content":"Bye"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NoTenant_SendsNoTenantHeader()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Null(handler.Single.Header("x-runflow-tenant-id"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_EveryChatOption_MapsToItsField()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler, o => { o.ProviderName = "OpenAI Production"; o.Legacy = true; });

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi") { AuthorName = "ana" }],
            new ChatOptions
            {
                ModelId = "gpt-4.1",
                Instructions = "Answer in English.",
                Temperature = 0.7f,
                MaxOutputTokens = 1000,
                TopP = 0.9f,
                TopK = 40,
                FrequencyPenalty = 0.3f,
                PresencePenalty = -0.2f,
                StopSequences = ["END", "STOP"],
                Seed = 12345,
            },
            Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4.1",
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi","name":"ana"}],
             "providerName":"OpenAI Production","legacy":true,"instructions":"Answer in English.",
             "temperature":0.7,"maxTokens":1000,"topP":0.9,"topK":40,"frequencyPenalty":0.3,"presencePenalty":-0.2,
             "stop":["END","STOP"],"seed":12345}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolConversation_MapsCallsAndResults()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Weather in Lisbon and Porto?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Checking."),
                new FunctionCallContent("call_A1", "get_weather", new Dictionary<string, object?> { ["city"] = "Lisbon", ["days"] = 2 }),
                new FunctionCallContent("toolu_01XyZ", "get_weather", null),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("call_A1", "sunny"),
                new FunctionResultContent("toolu_01XyZ", new Forecast(21, "rain")),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_B", null) { Exception = new InvalidOperationException("service down") }]),
        ];

        await client.GetResponseAsync(history, cancellationToken: Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[
              {"role":"user","content":"Weather in Lisbon and Porto?"},
              {"role":"assistant","content":"Checking.","tool_calls":[
                {"id":"call_A1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\",\"days\":2}"}},
                {"id":"toolu_01XyZ","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
              {"role":"tool","content":"sunny","tool_call_id":"call_A1"},
              {"role":"tool","content":"{\"tempC\":21,\"sky\":\"rain\"}","tool_call_id":"toolu_01XyZ"},
              {"role":"tool","content":"Error: service down","tool_call_id":"call_B"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_AssistantWithOnlyToolCalls_SendsNullContent()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new(ChatRole.User, "x"), new(ChatRole.Assistant, [new FunctionCallContent("c1", "f", new Dictionary<string, object?>())])],
            cancellationToken: Token);

        var messages = JsonNode.Parse(handler.Single.Body)!["messages"]!.AsArray();
        Assert.Equal("""{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}""",
            messages[1]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SeveralTextParts_JoinIntoOneContent()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync([new(ChatRole.User, [new TextContent("Hello, "), new TextContent("world"), new TextContent("!")])], cancellationToken: Token);

        Assert.Equal("Hello, world!", JsonNode.Parse(handler.Single.Body)!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_MessageWithoutContents_StillGoesOut()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, (string?)null), new ChatMessage(ChatRole.User, "then this")], cancellationToken: Token);

        Assert.Equal("""[{"role":"user","content":""},{"role":"user","content":"then this"}]""",
            JsonNode.Parse(handler.Single.Body)!["messages"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_MiddlewareOnlyContents_AreLeftOut()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new(ChatRole.User, "Q"),
                new(ChatRole.Assistant, [new TextReasoningContent("thinking..."), new TextContent("A"), new UsageContent(new UsageDetails())]),
                new(ChatRole.Assistant, [new TextReasoningContent("only reasoning")]),
            ],
            cancellationToken: Token);

        Assert.Equal("""[{"role":"user","content":"Q"},{"role":"assistant","content":"A"}]""",
            JsonNode.Parse(handler.Single.Body)!["messages"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NothingToCarry_ThrowsBeforeSending()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([], cancellationToken: Token));
        var reasoningOnly = await Assert.ThrowsAsync<ArgumentException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("hmm")])], cancellationToken: Token));

        Assert.Contains("no messages", empty.Message);
        Assert.Contains("reasoning", reasoningOnly.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_MessagesThatAreNotAList_AreReadOnce()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var reads = 0;

        IEnumerable<ChatMessage> Conversation()
        {
            reads++;
            yield return new ChatMessage(ChatRole.System, "Be brief.");
            yield return new ChatMessage(ChatRole.User, "Hi");
        }

        await client.GetResponseAsync(Conversation(), cancellationToken: Token);

        Assert.Equal(1, reads);
        Assert.Equal("""[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""",
            JsonNode.Parse(handler.Single.Body)!["messages"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ContentAddedAfterTheCheck_IsRefusedNotDropped()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var message = new ChatMessage(ChatRole.User, "Hi");

        // The body factory runs after the messages were checked and before they are written.
        var options = new ChatOptions { RawRepresentationFactory = _ => { message.Contents.Add(new McpServerToolCallContent("c1", "t", null)); return null; } };
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([message], options, Token));

        Assert.Contains(nameof(McpServerToolCallContent), error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_JsonResponseFormat_SendsJsonObject()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, Token);

        Assert.Equal("""{"type":"json_object"}""", JsonNode.Parse(handler.Single.Body)!["responseFormat"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_TextResponseFormat_SendsNothing()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Text }, Token);

        Assert.False(JsonNode.Parse(handler.Single.Body)!.AsObject().ContainsKey("responseFormat"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_SchemaResponseFormat_SendsJsonSchema()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}""").RootElement;

        await client.GetResponseAsync("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "Count", "A count.") }, Token);

        Assert.Equal(
            """{"type":"json_schema","json_schema":{"name":"Count","description":"A count.","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}}""",
            JsonNode.Parse(handler.Single.Body)!["responseFormat"]!.ToJsonString(TestClient.Relaxed));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(ReasoningEffort.Low, 1024)]
    [InlineData(ReasoningEffort.Medium, 4096)]
    [InlineData(ReasoningEffort.High, 16384)]
    [InlineData(ReasoningEffort.ExtraHigh, 32768)]
    public async Task GetResponseAsync_ReasoningEffort_SendsDocumentedBudget(ReasoningEffort effort, int budget)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } }, Token);

        Assert.Equal($$"""{"type":"enabled","budgetTokens":{{budget}}}""", JsonNode.Parse(handler.Single.Body)!["thinking"]!.ToJsonString(TestClient.Relaxed));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(ReasoningEffort.None, ReasoningOutput.Full)]
    [InlineData(ReasoningEffort.High, ReasoningOutput.None)]
    public async Task GetResponseAsync_ReasoningOff_SendsNoThinking(ReasoningEffort effort, ReasoningOutput output)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } }, Token);

        Assert.False(JsonNode.Parse(handler.Single.Body)!.AsObject().ContainsKey("thinking"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_Tools_SendsFunctionsAndServerTools()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var weather = AIFunctionFactory.Create(([Description("The city")] string city, int days = 1) => "sunny", "get_weather", "Gets the weather.");

        await client.GetResponseAsync("Hi", new ChatOptions { Tools = [weather, new HostedWebSearchTool(), new HostedCodeInterpreterTool()] }, Token);

        var body = JsonNode.Parse(handler.Single.Body)!;
        Assert.Equal(
            """[{"type":"function","function":{"name":"get_weather","description":"Gets the weather.","parameters":""" + weather.JsonSchema.GetRawText() + "}}]",
            body["tools"]!.ToJsonString(TestClient.Relaxed));
        Assert.Equal("""[{"type":"web_search_20250305"},{"type":"code_execution_20250522"}]""", body["serverTools"]!.ToJsonString(TestClient.Relaxed));
        Assert.Null(body["toolChoice"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolModeNone_SendsNoTools()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one"), new HostedWebSearchTool()], ToolMode = ChatToolMode.None }, Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequireAny_SendsRequired()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], ToolMode = ChatToolMode.RequireAny }, Token);

        Assert.Equal("\"required\"", JsonNode.Parse(handler.Single.Body)!["toolChoice"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RequireSpecific_NamesTheFunction()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            "Hi",
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one"), AIFunctionFactory.Create(() => 2, "two")], ToolMode = ChatToolMode.RequireSpecific("two") },
            Token);

        Assert.Equal("""{"type":"function","function":{"name":"two"}}""", JsonNode.Parse(handler.Single.Body)!["toolChoice"]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_OtherHostedTool_ThrowsNotSupported()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync("Hi", new ChatOptions { Tools = [new HostedFileSearchTool()] }, Token));

        Assert.Contains("HostedFileSearchTool", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_KnownAdditionalProperties_OverrideClientDefaults()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                ["projectId"] = "proj_2",
                ["provider"] = "anthropic",
                ["providerName"] = "Anthropic EU",
                ["legacy"] = false,
                ["thinking"] = 2048,
                ["serverTools"] = new[] { "web_search_20250305" },
                ["toolChoice"] = "auto",
            },
        };

        await client.GetResponseAsync("Hi", options, Token);

        TestClient.AssertJson("""
            {"projectId":"proj_2","provider":"anthropic","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],
             "providerName":"Anthropic EU","legacy":false,"thinking":{"type":"enabled","budgetTokens":2048},
             "serverTools":[{"type":"web_search_20250305"}],"toolChoice":"auto"}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_UnknownAdditionalProperties_TravelAsTopLevelFields()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            AdditionalProperties = new()
            {
                ["user"] = "u-42",
                ["metadata"] = new Dictionary<string, object?> { ["team"] = "search", ["n"] = 3 },
                ["temperature"] = JsonDocument.Parse("1.5").RootElement,
                ["nothing"] = null,
            },
        };

        await client.GetResponseAsync("Hi", options, Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],
             "user":"u-42","metadata":{"team":"search","n":3},"temperature":1.5,"nothing":null}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RawRepresentationFactory_StartsTheBodyAndWins()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            MaxOutputTokens = 100,
            RawRepresentationFactory = _ => new JsonObject { ["temperature"] = 0.1, ["custom"] = "x" },
        };

        await client.GetResponseAsync("Hi", options, Token);

        TestClient.AssertJson("""
            {"temperature":0.1,"custom":"x","projectId":"proj_1","provider":"openai","model":"gpt-4o",
             "messages":[{"role":"user","content":"Hi"}],"maxTokens":100}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_RawRepresentationOfAnotherType_IsIgnored()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { RawRepresentationFactory = _ => "not a body" }, Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}
            """, handler.Single.Body);
    }

    public static TheoryData<ChatOptions, string> OutOfRangeOptions => new()
    {
        { new ChatOptions { Temperature = 2.1f }, "ChatOptions.Temperature" },
        { new ChatOptions { Temperature = -0.1f }, "ChatOptions.Temperature" },
        { new ChatOptions { Temperature = float.NaN }, "ChatOptions.Temperature" },
        { new ChatOptions { TopP = 1.5f }, "ChatOptions.TopP" },
        { new ChatOptions { FrequencyPenalty = -2.5f }, "ChatOptions.FrequencyPenalty" },
        { new ChatOptions { PresencePenalty = 3f }, "ChatOptions.PresencePenalty" },
        { new ChatOptions { MaxOutputTokens = -1 }, "ChatOptions.MaxOutputTokens" },
        { new ChatOptions { MaxOutputTokens = 0 }, "ChatOptions.MaxOutputTokens" },
        { new ChatOptions { TopK = 0 }, "ChatOptions.TopK" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(OutOfRangeOptions))]
    public async Task GetResponseAsync_OutOfRangeOption_ThrowsBeforeSending(ChatOptions options, string name)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetResponseAsync("Hi", options, Token));

        Assert.Contains(name, error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(0f, 0f, -2f)]
    [InlineData(2f, 1f, 2f)]
    public async Task GetResponseAsync_BoundaryValues_AreSent(float temperature, float topP, float penalty)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", new ChatOptions { Temperature = temperature, TopP = topP, PresencePenalty = penalty }, Token);

        var body = JsonNode.Parse(handler.Single.Body)!;
        Assert.Equal(temperature, body["temperature"]!.GetValue<float>());
        Assert.Equal(penalty, body["presencePenalty"]!.GetValue<float>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_NoModelAnywhere_ThrowsNamingBothSettings()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler, o => o.DefaultModelId = null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Contains("ChatOptions.ModelId", error.Message);
        Assert.Contains("DefaultModelId", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ConversationId_ThrowsNotSupported()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync("Hi", new ChatOptions { ConversationId = "conv_1" }, Token));

        Assert.Contains("ConversationId", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_EndpointWithBasePath_KeepsThePathAndConfiguredChatPath()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler, o => { o.Endpoint = new Uri("https://gw.example.com/runflow"); o.ChatPath = "/custom/chat"; });

        await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("https://gw.example.com/runflow/custom/chat", handler.Single.Uri.ToString());
    }

    private sealed record Forecast(int TempC, string Sky);
}
