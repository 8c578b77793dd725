using System.ComponentModel;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// A real <see cref="RunflowChatClient"/> behind Microsoft.Extensions.AI's function invocation, through the emulator in
/// gateway mode, to a loopback OpenAI-compatible stub: the whole tool loop on the wire production code uses.
/// </summary>
public sealed class RunflowChatClientGatewayTests : IAsyncLifetime
{
    private UpstreamStub _stub = null!;
    private RunflowEmulator _emulator = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _stub = await UpstreamStub.StartAsync(Token);
        var options = new RunflowEmulatorOptions { Upstream = _stub.BaseUrl };
        options.UpstreamModelMap["gpt-4o"] = "llama3.2";
        _emulator = new RunflowEmulator(options);
        await _emulator.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _stub.DisposeAsync();
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task FunctionInvocation_ThroughTheGateway_CallsTheToolAndAnswersWithItsResult()
    {
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"llama3.2",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_7","type":"function","function":{"name":"GetWeather","arguments":"{\"city\":\"Lisbon\"}"}}]},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":60,"completion_tokens":12,"total_tokens":72}}
            """));
        _stub.Enqueue(UpstreamStubAnswer.Json("""
            {"id":"chatcmpl-2","object":"chat.completion","created":2,"model":"llama3.2",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Lisbon is sunny, 21 °C."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":90,"completion_tokens":8,"total_tokens":98}}
            """));
        var cities = new List<string>();
        AIFunction weather = AIFunctionFactory.Create(
            ([Description("The city.")] string city) =>
            {
                cities.Add(city);
                return new { city, tempC = 21, sky = "sunny" };
            },
            "GetWeather",
            "Gets the weather for a city.");
        using IChatClient client = new ChatClientBuilder(CreateRunflowClient()).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetResponseAsync("What is the weather in Lisbon?", new ChatOptions { Tools = [weather] }, Token);

        Assert.Equal(["Lisbon"], cities);
        Assert.Equal("Lisbon is sunny, 21 °C.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("llama3.2", response.ModelId);
        Assert.Equal(2, _stub.Requests.Count);
        JsonAssert.Equal("""
            {"model":"llama3.2","messages":[
              {"role":"user","content":"What is the weather in Lisbon?"},
              {"role":"assistant","tool_calls":[{"id":"call_7","type":"function","function":{"name":"GetWeather","arguments":"{\"city\":\"Lisbon\"}"}}]},
              {"role":"tool","tool_call_id":"call_7","content":"{\n  \"city\": \"Lisbon\",\n  \"tempC\": 21,\n  \"sky\": \"sunny\"\n}"}],
             "tools":[{"type":"function","function":{"name":"GetWeather","description":"Gets the weather for a city.",
               "parameters":{"type":"object","properties":{"city":{"description":"The city.","type":"string"}},"required":["city"]}}}]}
            """, _stub.Requests[1].Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ThroughTheGateway_StreamsTheUpstreamText()
    {
        _stub.Enqueue(UpstreamStubAnswer.Sse(
        [
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"role":"assistant","content":"Blue "},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.2","choices":[{"index":0,"delta":{"content":"whale."},"finish_reason":"stop"}]}""",
        ]));
        using IChatClient client = CreateRunflowClient();

        var texts = new List<string>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Name the biggest animal", cancellationToken: Token))
        {
            texts.Add(update.Text);
        }

        Assert.Equal("Blue whale.", string.Concat(texts));
        Assert.Contains("\"stream\":true", Assert.Single(_stub.Requests).Body, StringComparison.Ordinal);
    }

    private RunflowChatClient CreateRunflowClient() => new(new RunflowClientOptions
    {
        Endpoint = _emulator.Endpoint,
        ApiKey = "rf_test_gateway_key",
        ProjectId = "proj_gateway",
        Provider = "openai",
        DefaultModelId = "gpt-4o",
        NetworkTimeout = TimeSpan.FromSeconds(30),
        StreamIdleTimeout = TimeSpan.FromSeconds(30),
    });
}
