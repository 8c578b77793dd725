using System.Net;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.IntegrationTests.Hostile;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>An embedding generator without a tenant against the emulator's discovery endpoint, and against a hostile one, over loopback.</summary>
public sealed class RunflowTenantDiscoveryIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoTenantAndATenantRequired_DiscoversItOnceAndEmbeds()
    {
        await using var session = await EmulatorSession.StartAsync(
            new RunflowEmulatorOptions { RequireTenantForEmbeddings = true }, o => o.TenantId = null, Token);
        using var generator = new RunflowEmbeddingGenerator(session.Options);

        var first = await generator.GenerateAsync(["the quick brown fox", "jumps"], cancellationToken: Token);
        var second = await generator.GenerateAsync(["over the lazy dog"], cancellationToken: Token);

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        IReadOnlyList<RunflowEmulatorRequest> requests = session.Emulator.Requests;
        Assert.Equal(["/api/v1/runtime/auth/discover", "/api/v1/runtime/v1/embeddings", "/api/v1/runtime/v1/embeddings"], requests.Select(r => r.Path));
        Assert.Equal("""{"apiKey":"[redacted]"}""", requests[0].Body);
        var tenant = RunflowEmulator.TenantIdFor(EmulatorSession.ApiKey);
        Assert.All(requests.Skip(1), r => Assert.Equal(tenant, r.Headers["x-runflow-tenant-id"]));
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_DiscoveryRefusesTheKey_FailsNamingTheTenantOptionAndEmbedsNothing()
    {
        var emulatorOptions = new RunflowEmulatorOptions();
        emulatorOptions.ApiKeys.Add("rf_the_only_key");
        await using var session = await EmulatorSession.StartAsync(emulatorOptions, o => o.TenantId = null, Token);
        using var generator = new RunflowEmbeddingGenerator(session.Options);

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.StartsWith("RunflowClientOptions.TenantId is not set, and discovering the tenant", error.Message, StringComparison.Ordinal);
        Assert.Equal("Invalid API key.", error.ServerMessage);
        Assert.Equal(session.Emulator.Requests[0].RequestId, error.RequestId);
        Assert.Single(session.Emulator.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_DiscoveryRedirectsElsewhere_TheKeyNeverLeavesTheConfiguredHost()
    {
        await using var elsewhere = await HostileServer.StartAsync(HostileClients.Answer(200, """{"tenantId":"stolen"}"""), Token);
        var location = new Uri(elsewhere.Endpoint, "collect").ToString();
        await using var runflow = await HostileServer.StartAsync(HostileClients.Answer(307, "", "text/plain", ("Location", location)), Token);
        using var generator = new RunflowEmbeddingGenerator(HostileClients.Options(runflow.Endpoint, o => o.TenantId = null));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        var discovery = Assert.Single(runflow.Requests);
        Assert.Equal("/api/v1/runtime/auth/discover", discovery.PathAndQuery);
        Assert.Empty(elsewhere.Requests);
    }
}
