using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The tenant-discovery endpoint: a tenant derived from the key, its refusals, and a recording without the key.</summary>
public sealed class RunflowEmulatorDiscoveryTests
{
    private const string DiscoverPath = "api/v1/runtime/auth/discover";

    private static string KeyBody(string key) => new JsonObject { ["apiKey"] = key }.ToJsonString();

    private static string ExpectedTenant(string key) =>
        "tenant-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    [Fact(Timeout = TestBounds.Test)]
    public async Task Discover_AKey_AnswersItsDerivedTenantInTheSuccessEnvelope()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(DiscoverPath, KeyBody(EmulatorHarness.ApiKey), apiKey: null);
        string text = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string tenant = ExpectedTenant(EmulatorHarness.ApiKey);
        string keyId = "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmulatorHarness.ApiKey)))[8..16];
        Assert.Equal(
            $$$"""{"success":true,"data":{"tenantId":"{{{tenant}}}","tenantName":"Emulator tenant {{{tenant[7..]}}}","apiKeyId":"{{{keyId}}}","apiKeyName":"Emulator key","scopes":["chat","embeddings"],"isActive":true,"expiresAt":null}}""",
            text);
        Assert.Equal(tenant, RunflowEmulator.TenantIdFor(EmulatorHarness.ApiKey));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Discover_SameAndOtherKeys_SameKeySameTenantOtherKeyOtherTenant()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        string first = await DiscoverAsync(harness, "rf_live_one");
        string again = await DiscoverAsync(harness, "rf_live_one");
        string other = await DiscoverAsync(harness, "rf_live_two");

        Assert.Equal(ExpectedTenant("rf_live_one"), first);
        Assert.Equal(first, again);
        Assert.Equal(ExpectedTenant("rf_live_two"), other);
        Assert.NotEqual(first, other);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("{}", 400, "apiKey is required and must be a string.")]
    [InlineData("""{"apiKey":42}""", 400, "apiKey is required and must be a string.")]
    [InlineData("""["rf_live_in_an_array"]""", 400, "The request body must be a JSON object: { \"apiKey\": \"<key>\" }.")]
    [InlineData("apiKey=rf_live_form", 400, "The request body must be a JSON object: { \"apiKey\": \"<key>\" }.")]
    [InlineData("""{"apiKey":"  "}""", 401, "Missing API key: send it as a non-blank apiKey in the body.")]
    [InlineData("""{"apiKey":"rf_live_unknown"}""", 401, "Invalid API key.")]
    public async Task Discover_BadBodyOrKey_IsRefusedWithoutTakingAReply(string body, int status, string error)
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add(EmulatorHarness.ApiKey);
        await using var harness = await EmulatorHarness.StartAsync(options);
        harness.Emulator.Enqueue(RunflowEmulatorReply.InternalServerError());

        using HttpResponseMessage response = await harness.PostAsync(DiscoverPath, body);

        Assert.Equal(status, (int)response.StatusCode);
        JsonNode answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!;
        Assert.False(answer["success"]!.GetValue<bool>());
        Assert.Equal(error, answer["error"]!.GetValue<string>());
        Assert.Equal(1, harness.Emulator.PendingReplyCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Discover_KeyInTheBodyOnly_IsEnoughAndOtherMethodsAreRefused()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage post = await harness.PostAsync(DiscoverPath, KeyBody("rf_body_only"), apiKey: null);
        using HttpResponseMessage get = await harness.Http.GetAsync(DiscoverPath, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Discover_ScriptedReply_AppliesLikeOnEveryEndpoint()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.ServiceUnavailable());
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody("""{"success":true,"data":{"tenantId":"tenant_scripted"}}"""));

        using HttpResponseMessage unavailable = await harness.PostAsync(DiscoverPath, KeyBody(EmulatorHarness.ApiKey));
        string scripted = await DiscoverAsync(harness, EmulatorHarness.ApiKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("tenant_scripted", scripted);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Discover_PathOption_MovesTheEndpoint()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { DiscoverPath = "/custom/whoami" });

        using HttpResponseMessage moved = await harness.PostAsync("custom/whoami", KeyBody(EmulatorHarness.ApiKey));
        using HttpResponseMessage old = await harness.PostAsync(DiscoverPath, KeyBody(EmulatorHarness.ApiKey));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_RequiringATenant_AcceptTheDiscoveredOne()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { RequireTenantForEmbeddings = true });

        string tenant = await DiscoverAsync(harness, EmulatorHarness.ApiKey);
        using HttpResponseMessage embeddings = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hello").ToJsonString(), tenant);

        Assert.Equal(HttpStatusCode.OK, embeddings.StatusCode);
        Assert.Equal(tenant, harness.Emulator.Requests[^1].Headers["x-runflow-tenant-id"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_DiscoveryBody_IsRecordedAndLoggedWithoutTheKey()
    {
        const string Key = "rf_live_discover_secret";
        var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { LoggerFactory = loggerFactory });
        string body = new JsonObject
        {
            ["apiKey"] = Key,
            ["note"] = $"my key is {Key}",
            ["auth"] = new JsonObject { ["api_key"] = Key, ["list"] = new JsonArray(Key, "kept") },
            ["n"] = 1,
        }.ToJsonString();

        using HttpResponseMessage response = await harness.PostAsync(DiscoverPath, body, apiKey: null);
        using HttpResponseMessage notJson = await harness.PostAsync(DiscoverPath, $"{{\"apiKey\":\"{Key}", apiKey: null);
        await provider.WhenLoggedAsync($"POST /{DiscoverPath} answered 200");
        await provider.WhenLoggedAsync($"POST /{DiscoverPath} answered 400");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        IReadOnlyList<RunflowEmulatorRequest> requests = harness.Emulator.Requests;
        Assert.Equal(
            """{"apiKey":"[redacted]","note":"my key is [redacted]","auth":{"api_key":"[redacted]","list":["[redacted]","kept"]},"n":1}""",
            requests[0].Body);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[0].Json!["apiKey"]!.GetValue<string>());
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[1].Body);
        Assert.Null(requests[1].Json);
        Assert.All(requests, r => Assert.DoesNotContain(Key, r.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(provider.Messages, m => m.Contains(Key, StringComparison.Ordinal));
    }

    private static async Task<string> DiscoverAsync(EmulatorHarness harness, string key)
    {
        using HttpResponseMessage response = await harness.PostAsync(DiscoverPath, KeyBody(key), apiKey: null);
        string text = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["data"]!["tenantId"]!.GetValue<string>();
    }
}
