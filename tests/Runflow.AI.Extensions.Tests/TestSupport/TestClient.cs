using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>Builds clients over a <see cref="RecordingHandler"/> with fixed, known options.</summary>
public static class TestClient
{
    public const string ApiKey = "rf_live_TOPSECRET_0123456789";

    /// <summary>A small successful response.</summary>
    public const string HelloResponse = """
        {"text":"Hello!","finishReason":"stop","usage":{"promptTokens":3,"completionTokens":2,"totalTokens":5},"model":"gpt-4o-2024"}
        """;

    public static RunflowClientOptions Options(Action<RunflowClientOptions>? configure = null)
    {
        var options = new RunflowClientOptions
        {
            Endpoint = new Uri("https://runflow.test/"),
            ApiKey = ApiKey,
            ProjectId = "proj_1",
            Provider = "openai",
            DefaultModelId = "gpt-4o",
        };
        configure?.Invoke(options);
        return options;
    }

    public static RunflowChatClient Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null, TimeProvider? timeProvider = null) =>
        new(Options(configure), new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, timeProvider);

    /// <summary>Asserts that <paramref name="actual"/> is exactly the compact form of <paramref name="expected"/>.</summary>
    public static void AssertJson(string expected, string actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(Relaxed), actual);

    /// <summary>The escaping the client writes with: only what JSON requires.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
