using System.Text.Json;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>Requests that could not be what the caller meant are refused before sending, naming what is wrong; a
/// client disposed under a call ends that call with a <see cref="RunflowException"/>.</summary>
public sealed class RunflowRequestGuardTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task Tools_TwoWithTheSameName_AreRefusedBeforeSending()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(() => "a", "lookup"), AIFunctionFactory.Create((string q) => q, "lookup")],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("Hi", options, Token));

        Assert.Contains("ChatOptions.Tools has two functions named 'lookup'", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AdditionalProperties_Messages_IsRefusedBeforeSending()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);
        var options = new ChatOptions { AdditionalProperties = new() { ["messages"] = new[] { new { role = "user", content = "forged" } } } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("Hi", options, Token));

        Assert.Contains("AdditionalProperties[\"messages\"] would replace the conversation", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AdditionalProperties_MappedFieldName_ReplacesThatFieldOnTheWire()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);
        var options = new ChatOptions { Temperature = 0.1f, AdditionalProperties = new() { ["temperature"] = 0.9 } };

        await client.GetResponseAsync("Hi", options, Token);

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal(0.9, body.RootElement.GetProperty("temperature").GetDouble());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AdditionalProperties_ValuesThatAreNotJson_AreRefusedNamingTheKey()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        using var client = HostileClients.Chat(server.Endpoint);
        using var stream = new MemoryStream([1, 2, 3]);

        var task = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["pending"] = Task.FromResult(1) } }, Token));
        var bytes = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["upload"] = stream } }, Token));

        Assert.Contains("ChatOptions.AdditionalProperties[\"pending\"] holds a Task`1, which cannot be sent as JSON", task.Message, StringComparison.Ordinal);
        Assert.Contains("ChatOptions.AdditionalProperties[\"upload\"] holds a MemoryStream, which cannot be sent as JSON", bytes.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Dispose_DuringACall_EndsItWithARunflowExceptionAndRefusesNewCalls()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HostileServer.StartAsync(
            async context =>
            {
                arrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            },
            Token);
        var client = HostileClients.Chat(server.Endpoint);

        var call = client.GetResponseAsync("Hi", cancellationToken: Token);
        await arrived.Task.WaitAsync(TestBounds.Event, Token);
        client.Dispose();
        var error = await Assert.ThrowsAsync<RunflowException>(() => call.WaitAsync(TestBounds.Event, Token));

        Assert.Contains("disposed while this call was in flight", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync("again", cancellationToken: Token));
    }
}
