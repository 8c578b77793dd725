using System.Text;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The wire tests' seam checks every JSON body against the emulator's schema of its endpoint.</summary>
public sealed class RunflowRequestSchemaTests
{
    private const string Chat = """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "api/v1/runtime/v1/chat", """{"projectId":"p","provider":"openai","model":"gpt-4o","temperature":2.5,"messages":[{"role":"user","content":"hi"}]}""", "/temperature: maximum" },
        { "api/v1/runtime/v1/chat/stream", """{"projectId":"p","provider":"azure","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "/provider: enum" },
        { "api/v1/runtime/v1/chat", """{"projectId":"p","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"a"},{"content":"hi"}]}""", "/messages/1: required" },
        { "api/v1/runtime/v1/embeddings", """{"input":["a",1]}""", "/input/1: type" },
        { "api/v1/runtime/v1/images/generate", """{"prompt":"x","n":5}""", "/n: maximum" },
        { "api/v1/runtime/auth/discover", """{"apiKey":42}""", "/apiKey: type" },
    };

    public static TheoryData<string, string> ValidBodies => new()
    {
        { "api/v1/runtime/v1/chat", Chat },
        { "api/v1/runtime/v1/chat/stream", Chat },
        { "api/v1/runtime/v1/embeddings", """{"input":["a","b"],"model":"text-embedding-3-small","dimensions":256}""" },
        { "api/v1/runtime/v1/images/generate", """{"prompt":"a cat","size":"1024x1024","n":2}""" },
        { "api/v1/runtime/auth/discover", """{"apiKey":"rf_key"}""" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidBody_FailsTheRequestNamingTheField(string path, string body, string expected)
    {
        var handler = RecordingHandler.Json("{}");
        using var http = new HttpClient(handler);

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => Post(http, path, body));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains(handler.SchemaViolations, v => v.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal(1, handler.SchemaChecks);
    }

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(ValidBodies))]
    public async Task ValidBody_IsCheckedAndAnswered(string path, string body)
    {
        var handler = RecordingHandler.Json("{}");
        using var http = new HttpClient(handler);

        using HttpResponseMessage response = await Post(http, path, body);

        Assert.Equal(1, handler.SchemaChecks);
        Assert.Empty(handler.SchemaViolations);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ChatClientRequest_IsCheckedAgainstTheChatSchema()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { Temperature = 0.5f, TopP = 0.9f, MaxOutputTokens = 64, StopSequences = ["END"], ResponseFormat = ChatResponseFormat.Json },
            TestContext.Current.CancellationToken);

        Assert.Equal(1, handler.SchemaChecks);
        Assert.Empty(handler.SchemaViolations);
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string body) =>
        http.PostAsync(new Uri("https://runflow.test/" + path), new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}
