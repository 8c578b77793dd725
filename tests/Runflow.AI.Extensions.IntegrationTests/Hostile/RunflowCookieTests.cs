using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>A cookie a server sets is never kept or sent back by the clients the library creates.</summary>
public sealed class RunflowCookieTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetCookie_IsNotSentWithTheNextCall(bool throughDependencyInjection)
    {
        await using var runflow = await HostileServer.StartAsync(
            HostileClients.Answer(200, """{"text":"Hello"}""", headers: ("Set-Cookie", "session=planted; Path=/")), Token);
        var collection = new ServiceCollection();
        collection.AddRunflowChatClient(o => HostileClients.Configure(o, runflow.Endpoint));
        await using var services = collection.BuildServiceProvider();
        using var direct = HostileClients.Chat(runflow.Endpoint);
        IChatClient client = throughDependencyInjection ? services.GetRequiredService<IChatClient>() : direct;

        var first = await client.GetResponseAsync("Hi", cancellationToken: Token);
        var second = await client.GetResponseAsync("Hi again", cancellationToken: Token);

        Assert.Equal("Hello", first.Text);
        Assert.Equal("Hello", second.Text);
        Assert.Equal(2, runflow.Requests.Count);
        Assert.All(runflow.Requests, request =>
        {
            Assert.DoesNotContain(request.Headers, header => string.Equals(header.Key, "Cookie", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(HostileClients.ApiKey, request.Headers["x-api-key"]);
        });
    }
}
