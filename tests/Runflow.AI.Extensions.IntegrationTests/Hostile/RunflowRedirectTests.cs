using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>A redirect never takes the key, the tenant or the prompt to another host.</summary>
public sealed class RunflowRedirectTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(301, false)]
    [InlineData(302, false)]
    [InlineData(303, false)]
    [InlineData(307, false)]
    [InlineData(308, false)]
    [InlineData(302, true)]
    [InlineData(307, true)]
    public async Task Redirect_ToAnotherHost_IsARunflowExceptionAndNothingReachesThatHost(int status, bool throughDependencyInjection)
    {
        await using var elsewhere = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"stolen"}"""), Token);
        var location = new Uri(elsewhere.Endpoint, "collect?from=runflow").ToString();
        await using var runflow = await HostileServer.StartAsync(HostileClients.Answer(status, "", "text/plain", ("Location", location)), Token);
        var collection = new ServiceCollection();
        collection.AddRunflowChatClient(o => HostileClients.Configure(o, runflow.Endpoint));
        await using var services = collection.BuildServiceProvider();
        using var direct = HostileClients.Chat(runflow.Endpoint);
        IChatClient client = throughDependencyInjection ? services.GetRequiredService<IChatClient>() : direct;

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("the secret prompt", cancellationToken: Token));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Contains(location, error.Message, StringComparison.Ordinal);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        Assert.Single(runflow.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Redirect_FollowedByASuppliedHttpClient_IsNotReadAndSaysWhy()
    {
        await using var elsewhere = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"an answer from elsewhere"}"""), Token);
        await using var runflow = await HostileServer.StartAsync(HostileClients.Answer(307, "", "text/plain", ("Location", elsewhere.Endpoint + "api/v1/runtime/v1/chat")), Token);
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = HostileClients.Chat(runflow.Endpoint, http: following);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Null(error.StatusCode);
        Assert.Contains($"came from {elsewhere.Endpoint.GetLeftPart(UriPartial.Authority)} after a redirect and was not read", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("an answer from elsewhere", error.ToString(), StringComparison.Ordinal);
    }
}
