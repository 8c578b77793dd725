using System.Net;
using System.Text;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>Odd answers are tolerated where they can be, and otherwise end in a <see cref="RunflowException"/> that
/// keeps the status: never a NullReferenceException or InvalidOperationException, never an error shown as an answer.</summary>
public sealed class RunflowMalformedAnswerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task ToolCalls_WithNullItems_AreSkipped()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"hi","toolCalls":[null,{"id":"c1","name":"get_weather","arguments":"{}"},null]}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("hi", response.Text);
        var call = Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ToolCalls_OnlyNull_IsAPlainAnswer()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"hi","finishReason":"stop","toolCalls":[null]}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("hi", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"data":[null]}""", "An item of 'data' is null.")]
    [InlineData("""{"embeddings":[null]}""", "An item of 'embeddings' is null.")]
    public async Task Embeddings_WithNullItems_AreARunflowExceptionWithTheStatus(string body, string expected)
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, body), Token);
        using var generator = new RunflowEmbeddingGenerator(HostileClients.Options(server.Endpoint));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["one"], cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task ErrorBody_WithALoneSurrogate_KeepsTheStatusAndTheMessage()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(400, """{"error":"quota exceeded \ud83d"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("quota exceeded \uFFFD", error.ServerMessage);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AnswerText_CutInsideASurrogatePair_KeepsTheRestOfTheAnswer()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"smile \ud83d","finishReason":"length"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("smile \uFFFD", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task OtherField_WithALoneSurrogate_IsARunflowExceptionWithTheStatus()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"hi","model":"gpt-\udc00"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("not a chat response", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpt-", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task StreamEvent_WithALoneSurrogate_IsReadWithAReplacementCharacter()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, "data: {\"text\":\"a\\ud83d\"}\n\ndata: [DONE]\n\n", "text/event-stream"), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var updates = await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal("a\uFFFD", string.Concat(updates.Select(u => u.Text)));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"promptTokens":"12","completionTokens":1e400,"totalTokens":"many"}""", 12L, null, 12L)]
    [InlineData("""{"promptTokens":12.5,"completionTokens":{"n":3},"totalTokens":[1]}""", null, null, null)]
    [InlineData("""{"prompt_tokens":"7","completion_tokens":3,"total_tokens":-1e999}""", 7L, 3L, 10L)]
    public async Task Usage_WithValuesThatAreNotCounts_DropsThemAndKeepsTheAnswer(string usage, long? input, long? output, long? total)
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, $$"""{"text":"hi","usage":{{usage}}}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("hi", response.Text);
        Assert.Equal(input, response.Usage?.InputTokenCount);
        Assert.Equal(output, response.Usage?.OutputTokenCount);
        Assert.Equal(total, response.Usage?.TotalTokenCount);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("data: {\"text\":\"Hel\"}\n\nevent: error\ndata: {\"message\":\"upstream exploded\"}\n\n", "upstream exploded")]
    [InlineData("data: {\"text\":\"Hel\"}\n\ndata: {\"error\":{\"message\":\"quota exceeded\"}}\n\n", "quota exceeded")]
    [InlineData("data: {\"text\":\"Hel\"}\n\ndata: {\"error\":\"overloaded\"}\n\ndata: [DONE]\n\n", "overloaded")]
    [InlineData("event: error\ndata: plain words\n\n", "plain words")]
    public async Task EventStream_ReportingAnError_FailsWithTheServersMessage(string stream, string message)
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, stream, "text/event-stream"), Token);
        using var client = HostileClients.Chat(server.Endpoint);
        var texts = new StringBuilder();

        var error = await Assert.ThrowsAsync<RunflowException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
            {
                texts.Append(update.Text);
            }
        });

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Contains($"The Runflow stream reported an error: {message}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, texts.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task JsonBody_StartingWithAByteOrderMark_IsRead()
    {
        await using var server = await HostileServer.StartAsync(
            async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"text":"after the mark"}""")).ToArray(), context.RequestAborted);
            },
            Token);
        using var client = HostileClients.Chat(server.Endpoint);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("after the mark", response.Text);
    }
}
