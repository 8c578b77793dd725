using System.Net;
using System.Text;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>An embedding generator without a tenant learns it once from the discovery endpoint, over the HTTP seam.</summary>
public sealed class RunflowTenantDiscoveryTests
{
    private const string DiscoverUri = "https://runflow.test/api/v1/runtime/auth/discover";
    private const string Discovered = """{"success":true,"data":{"tenantId":"tenant_found","tenantName":"Acme","apiKeyId":"key_1","scopes":["embeddings"],"isActive":true}}""";
    private const string Embeddings = """{"data":[{"index":0,"embedding":[1.0,0.0]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Answers discovery with <paramref name="discovery"/> and embeddings with one vector.</summary>
    private static RecordingHandler Gateway(Func<Task<HttpResponseMessage>> discovery) =>
        new((request, _) => IsDiscovery(request) ? discovery() : Task.FromResult(Json(HttpStatusCode.OK, Embeddings)));

    private static RecordingHandler Gateway(string discoveryBody, HttpStatusCode status = HttpStatusCode.OK) =>
        Gateway(() => Task.FromResult(Json(status, discoveryBody)));

    private static bool IsDiscovery(HttpRequestMessage request) => request.RequestUri!.AbsolutePath.EndsWith("/auth/discover", StringComparison.Ordinal);

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static RunflowEmbeddingGenerator Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null) =>
        new(TestClient.Options(configure), new HttpClient(handler));

    private static List<RecordedRequest> DiscoveryRequests(RecordingHandler handler)
    {
        lock (handler.Requests)
        {
            return [.. handler.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/auth/discover", StringComparison.Ordinal))];
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoTenant_DiscoversItWithTheKeyInTheBodyThenSendsIt()
    {
        var handler = Gateway(Discovered);
        using var generator = Create(handler);

        await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal(2, handler.Requests.Count);
        var discovery = handler.Requests[0];
        Assert.Equal(HttpMethod.Post, discovery.Method);
        Assert.Equal(DiscoverUri, discovery.Uri.ToString());
        Assert.Equal("""{"apiKey":"rf_live_TOPSECRET_0123456789"}""", discovery.Body);
        Assert.Equal("application/json; charset=utf-8", discovery.Header("Content-Type"));
        Assert.Equal("application/json", discovery.Header("Accept"));
        Assert.Equal(TestClient.ApiKey, discovery.Header("x-api-key"));
        Assert.Null(discovery.Header("x-runflow-tenant-id"));
        var embeddings = handler.Requests[1];
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/embeddings", embeddings.Uri.ToString());
        Assert.Equal("tenant_found", embeddings.Header("x-runflow-tenant-id"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_DiscoverPathSet_AsksThere()
    {
        var handler = new RecordingHandler((request, _) => Task.FromResult(Json(HttpStatusCode.OK,
            request.RequestUri!.AbsolutePath == "/gateway/whoami" ? """{"tenantId":"t_custom"}""" : Embeddings)));
        using var generator = Create(handler, o => { o.Endpoint = new Uri("https://runflow.test/gateway"); o.DiscoverPath = "/whoami"; });

        await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal("https://runflow.test/gateway/whoami", handler.Requests[0].Uri.ToString());
        Assert.Equal("t_custom", handler.Requests[1].Header("x-runflow-tenant-id"));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"success":true,"data":{"tenantId":"tenant_found"}}""", "tenant_found")]
    [InlineData("""{"tenantId":"tenant_bare","isActive":true}""", "tenant_bare")]
    [InlineData("""{"success":true,"data":{"tenantId":"  tenant_padded  "}}""", "tenant_padded")]
    [InlineData("""{"success":true,"data":{"tenantId":4021}}""", "4021")]
    public async Task GenerateAsync_DiscoveryAnswerVariant_GivesTheTenant(string body, string tenant)
    {
        var handler = Gateway(body);
        using var generator = Create(handler);

        await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal(tenant, handler.Requests[1].Header("x-runflow-tenant-id"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SeveralCalls_DiscoverOnceAndSendTheTenantEveryTime()
    {
        var handler = Gateway(Discovered);
        using var generator = Create(handler);

        await generator.GenerateAsync(["a"], cancellationToken: Token);
        await generator.GenerateAsync(["b"], cancellationToken: Token);
        await generator.GenerateAsync(["c"], cancellationToken: Token);

        Assert.Single(DiscoveryRequests(handler));
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests.Skip(1), r => Assert.Equal("tenant_found", r.Header("x-runflow-tenant-id")));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SixteenConcurrentFirstCalls_ShareOneDiscovery()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = Gateway(async () =>
        {
            await release.Task;
            return Json(HttpStatusCode.OK, Discovered);
        });
        using var generator = Create(handler);

        var calls = Enumerable.Range(0, 16).Select(i => generator.GenerateAsync([$"text {i}"], cancellationToken: Token)).ToList();
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Single(DiscoveryRequests(handler));
        Assert.Equal(17, handler.Requests.Count);
        Assert.All(handler.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal)),
            r => Assert.Equal("tenant_found", r.Header("x-runflow-tenant-id")));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SixteenConcurrentFirstCallsAndAFailedDiscovery_AllFailFromOneRequest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = Gateway(async () =>
        {
            await release.Task;
            return Json(HttpStatusCode.Unauthorized, """{"success":false,"error":"Invalid API key"}""");
        });
        using var generator = Create(handler);

        var calls = Enumerable.Range(0, 16).Select(i => generator.GenerateAsync([$"text {i}"], cancellationToken: Token)).ToList();
        release.SetResult();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RunflowException>(() => call);
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        }

        Assert.Single(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_AfterAFailedDiscovery_TheNextCallAsksAgain()
    {
        var answers = new Queue<HttpResponseMessage>([
            Json(HttpStatusCode.ServiceUnavailable, """{"success":false,"error":"Service unavailable"}"""),
            Json(HttpStatusCode.OK, Discovered),
        ]);
        var handler = Gateway(() => Task.FromResult(answers.Dequeue()));
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));
        await generator.GenerateAsync(["b"], cancellationToken: Token);
        await generator.GenerateAsync(["c"], cancellationToken: Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, DiscoveryRequests(handler).Count);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_CallerCancelsDuringDiscovery_OnlyItsWaitEndsAndTheTenantIsKept()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = Gateway(async () =>
        {
            arrived.SetResult();
            await release.Task;
            return Json(HttpStatusCode.OK, Discovered);
        });
        using var generator = Create(handler);
        using var cts = new CancellationTokenSource();

        var first = generator.GenerateAsync(["a"], cancellationToken: cts.Token);
        await arrived.Task.WaitAsync(TestBounds.Event, Token);
        await cts.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var second = generator.GenerateAsync(["b"], cancellationToken: Token);
        release.SetResult();
        await second;

        Assert.Equal(cts.Token, cancelled.CancellationToken);
        Assert.Single(DiscoveryRequests(handler));
        Assert.Equal("tenant_found", handler.Requests[^1].Header("x-runflow-tenant-id"));
    }

    public static TheoryData<HttpStatusCode, string, string> Failures => new()
    {
        { HttpStatusCode.Unauthorized, """{"success":false,"error":"Invalid API key"}""", "Runflow returned 401 (Unauthorized): Invalid API key." },
        { HttpStatusCode.OK, """{"success":false,"error":"API key revoked"}""", "Runflow answered 200 but reported a failure: API key revoked." },
        { HttpStatusCode.OK, """{"success":true,"data":{"tenantName":"Acme","isActive":true}}""", "Runflow answered 200 without a tenant id." },
        { HttpStatusCode.OK, """{"success":true,"data":{"tenantId":"   "}}""", "Runflow answered 200 without a tenant id." },
        { HttpStatusCode.OK, """{"success":true,"data":{"tenantId":"tenant_old","isActive":false}}""", "Runflow answered 200 saying the API key is not active." },
        { HttpStatusCode.OK, """{"tenantId":"t\r\nx-injected: 1"}""", "with a tenant id that an HTTP header cannot carry" },
        { HttpStatusCode.OK, "<html>gateway</html>", "Runflow answered 200 with a body that is not a tenant-discovery response" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Failures))]
    public async Task GenerateAsync_DiscoveryFails_NamesTheTenantOptionAndKeepsTheStatus(HttpStatusCode status, string body, string reason)
    {
        var handler = Gateway(body, status);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.StartsWith(
            "RunflowClientOptions.TenantId is not set, and discovering the tenant of the API key at /api/v1/runtime/auth/discover failed: ",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "Set RunflowClientOptions.TenantId (environment variable RUNFLOW_TENANT_ID) to send the tenant without discovery.",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(status, error.StatusCode);
        Assert.IsType<RunflowException>(error.InnerException);
        Assert.DoesNotContain("x-injected", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_DiscoveryFailureReflectsTheKey_KeepsTheServerMessageRedacted()
    {
        var handler = Gateway(
            () =>
            {
                var response = Json(HttpStatusCode.Unauthorized, $$"""{"success":false,"error":"Unknown key {{TestClient.ApiKey}}"}""");
                response.Headers.TryAddWithoutValidation("x-request-id", "req_discover_1");
                return Task.FromResult(response);
            });
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal("Unknown key ***", error.ServerMessage);
        Assert.Equal("req_discover_1", error.RequestId);
        Assert.Contains("Unknown key ***", error.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_DiscoveryRedirects_IsNotFollowedAndSaysSo()
    {
        var handler = Gateway(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            response.Headers.Location = new Uri("https://elsewhere.test/collect");
            return Task.FromResult(response);
        });
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Contains("redirect to https://elsewhere.test/collect, which is not followed", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_TenantConfigured_NeverDiscovers()
    {
        var handler = Gateway(Discovered);
        using var generator = Create(handler, o => o.TenantId = "tenant_set");

        await generator.GenerateAsync(["a"], cancellationToken: Token);

        Assert.Equal("tenant_set", handler.Single.Header("x-runflow-tenant-id"));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ChatWithoutTenant_NeverDiscovers()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("https://runflow.test/api/v1/runtime/v1/chat", handler.Single.Uri.ToString());
        Assert.Null(handler.Single.Header("x-runflow-tenant-id"));
    }

    [Fact]
    public void Constructor_NoTenant_IsAccepted()
    {
        using var generator = new RunflowEmbeddingGenerator(new RunflowClientOptions { ApiKey = "k" });

        Assert.NotNull(generator.GetService<EmbeddingGeneratorMetadata>());
    }

    [Fact]
    public void Constructor_BlankDiscoverPath_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowEmbeddingGenerator(TestClient.Options(o => o.DiscoverPath = " ")));

        Assert.Equal("RunflowClientOptions.DiscoverPath is required. (Parameter 'options')", error.Message);
    }
}
