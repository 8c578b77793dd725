using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorValidationTests
{
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "projectId" },
        { """{"projectId":"  ","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "projectId" },
        { """{"projectId":42,"provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "projectId" },
        { """{"projectId":"p","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "provider" },
        { """{"projectId":"p","provider":"","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "provider" },
        { """{"projectId":"p","provider":"azure","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "provider 'azure'" },
        { """{"projectId":"p","provider":"openai","messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """{"projectId":"p","provider":"openai","model":" ","messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o"}""", "messages" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[]}""", "messages" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":"hi"}""", "messages" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role 'robot'" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"a"},{"content":"hi"}]}""", "messages[1].role" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","temperature":2.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","temperature":-0.1,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","temperature":"hot","messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","topP":1.5,"messages":[{"role":"user","content":"hi"}]}""", "topP" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","topP":-0.5,"messages":[{"role":"user","content":"hi"}]}""", "topP" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","frequencyPenalty":-2.5,"messages":[{"role":"user","content":"hi"}]}""", "frequencyPenalty" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","frequencyPenalty":3,"messages":[{"role":"user","content":"hi"}]}""", "frequencyPenalty" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","presencePenalty":2.01,"messages":[{"role":"user","content":"hi"}]}""", "presencePenalty" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","presencePenalty":-3,"messages":[{"role":"user","content":"hi"}]}""", "presencePenalty" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","maxTokens":0,"messages":[{"role":"user","content":"hi"}]}""", "maxTokens" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","maxTokens":-5,"messages":[{"role":"user","content":"hi"}]}""", "maxTokens" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","maxTokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "maxTokens" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","stop":[1],"messages":[{"role":"user","content":"hi"}]}""", "stop" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","tools":[{"type":"function","function":{}}],"messages":[{"role":"user","content":"hi"}]}""", "tools[0].function.name" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","toolChoice":{"type":"function","function":{"name":"nope"}},"messages":[{"role":"user","content":"hi"}]}""", "toolChoice" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","responseFormat":{"type":"yaml"},"messages":[{"role":"user","content":"hi"}]}""", "responseFormat" },
        { """{"projectId":"p","provider":"openai","model":"gpt-4o","responseFormat":{"type":"json_schema"},"messages":[{"role":"user","content":"hi"}]}""", "responseFormat.json_schema.schema" },
        { """{"projectId":"p","provider":"openai",""", "not valid JSON" },
        { "", "not valid JSON" },
        { """["projectId"]""", "JSON object" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidBodies))]
    public async Task Chat_InvalidBody_Returns400NamingTheField(string body, string expectedInError)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains(expectedInError, error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidBodies))]
    public async Task Stream_InvalidBody_Returns400JsonError(string body, string expectedInError)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Contains(expectedInError, error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("temperature", 0)]
    [InlineData("temperature", 2)]
    [InlineData("topP", 0)]
    [InlineData("topP", 1)]
    [InlineData("frequencyPenalty", -2)]
    [InlineData("frequencyPenalty", 2)]
    [InlineData("presencePenalty", -2)]
    [InlineData("presencePenalty", 2)]
    [InlineData("maxTokens", 1)]
    public async Task Chat_ValueOnTheEdgeOfItsRange_IsAccepted(string field, double value)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("hello");
        request[field] = value;

        using HttpResponseMessage response = await harness.PostChatAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("bedrock")]
    [InlineData("groq")]
    [InlineData("gemini")]
    [InlineData("xai")]
    [InlineData("custom")]
    public async Task Chat_EveryDocumentedProvider_IsAccepted(string provider)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("hello");
        request["provider"] = provider;

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"hello\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_OptionalFieldsOfTheContract_AreAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("hello");
        request["providerName"] = "OpenAI Production";
        request["legacy"] = true;
        request["seed"] = 7;
        request["topK"] = 40;
        request["serverTools"] = new JsonArray(new JsonObject { ["type"] = "web_search_20250305" });
        request["toolChoice"] = "auto";
        request["responseFormat"] = new JsonObject { ["type"] = "text" };

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"hello\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoApiKey_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString(), apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains("API key", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_BlankApiKey_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString(), apiKey: "   ");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_WrongApiKey_Returns401WithoutEchoingTheKey()
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("rf_live_right");
        await using var harness = await EmulatorHarness.StartAsync(options);

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString(), apiKey: "rf_live_wrong_secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        Assert.Contains("Invalid API key", body, StringComparison.Ordinal);
        Assert.DoesNotContain("rf_live_wrong_secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("rf_live_right", body, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("x-api-key")]
    [InlineData("Authorization")]
    public async Task Chat_ConfiguredKeyInEitherHeader_IsAccepted(string header)
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("sk-configured");
        await using var harness = await EmulatorHarness.StartAsync(options);

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString(), "sk-configured", header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_AuthorizationWithoutBearerScheme_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var message = harness.Message(EmulatorHarness.ChatPath, EmulatorHarness.Request("hi").ToJsonString(), apiKey: null);
        message.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_NoApiKey_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, EmulatorHarness.Request("hi").ToJsonString(), apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UnknownPath_Returns404()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync("api/v1/runtime/v1/nothing", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No endpoint", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_GetInsteadOfPost_Returns405WithAllowHeader()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.Http.GetAsync(EmulatorHarness.ChatPath, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
