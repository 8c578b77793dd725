using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorEmbeddingsValidationTests
{
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"model":"text-embedding-3-small"}""", "input is required" },
        { """{"input":null}""", "input is required" },
        { """{"input":[]}""", "input must contain at least one string." },
        { """{"input":42}""", "input must be a string or a non-empty array of strings." },
        { """{"input":{"text":"hi"}}""", "input must be a string or a non-empty array of strings." },
        { """{"input":true}""", "input must be a string or a non-empty array of strings." },
        { """{"input":["a",1]}""", "input[1] must be a string." },
        { """{"input":["a","b",null]}""", "input[2] must be a string." },
        { """{"input":[["nested"]]}""", "input[0] must be a string." },
        { """{"input":["a"],"provider":"anthropic"}""", "provider 'anthropic' is not supported for embeddings; expected one of: openai, azure_openai, cohere." },
        { """{"input":["a"],"provider":"OpenAI"}""", "provider 'OpenAI' is not supported" },
        { """{"input":["a"],"provider":""}""", "provider '' is not supported" },
        { """{"input":["a"],"provider":7}""", "provider must be a string." },
        { """{"input":["a"],"model":5}""", "model must be a string." },
        { """{"input":["a"],"model":"  "}""", "model must not be blank" },
        { """{"input":["a"],"providerName":3}""", "providerName must be a string." },
        { """{"input":["a"],"dimensions":0}""", "dimensions must be an integer from 1 to 4096; it was 0." },
        { """{"input":["a"],"dimensions":-8}""", "dimensions must be an integer from 1 to 4096; it was -8." },
        { """{"input":["a"],"dimensions":4097}""", "dimensions must be an integer from 1 to 4096; it was 4097." },
        { """{"input":["a"],"dimensions":1e12}""", "dimensions must be an integer from 1 to 4096; it was 1e12." },
        { """{"input":["a"],"dimensions":12.5}""", "dimensions must be an integer from 1 to 4096; it was 12.5." },
        { """{"input":["a"],"dimensions":"256"}""", "dimensions must be an integer from 1 to 4096; it was \"256\"." },
        { """{"input":["a"],"dimensions":[256]}""", "dimensions must be an integer from 1 to 4096; it was [256]." },
        { """{"input":["a"],""", "The request body is not valid JSON" },
        { "", "The request body is not valid JSON" },
        { """["input"]""", "The request body must be a JSON object." },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidBodies))]
    public async Task Embeddings_InvalidBody_Returns400NamingTheField(string body, string expectedInError)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal(2, error.Count);
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains(expectedInError, error["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, Assert.Single(harness.Emulator.Requests).StatusCode);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("openai")]
    [InlineData("azure_openai")]
    [InlineData("cohere")]
    public async Task Embeddings_EveryDocumentedProvider_IsAccepted(string provider)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("hello");
        request["provider"] = provider;

        JsonObject answer = await harness.EmbedAsync(request);

        Assert.Equal(1536, Assert.Single(EmulatorHarness.Vectors(answer)).Length);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task Embeddings_DimensionsOnTheEdgeOfTheRange_AreAccepted(int dimensions)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("hello");
        request["dimensions"] = dimensions;

        JsonObject answer = await harness.EmbedAsync(request);

        Assert.Equal(dimensions, Assert.Single(EmulatorHarness.Vectors(answer)).Length);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_SingleStringInput_IsOneInput()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject single = await harness.EmbedAsync(new JsonObject { ["input"] = "one text", ["dimensions"] = 32 });
        JsonObject array = await harness.EmbedAsync(new JsonObject { ["input"] = new JsonArray("one text"), ["dimensions"] = 32 });

        Assert.Equal(array.ToJsonString(), single.ToJsonString());
        Assert.Single(single["data"]!.AsArray());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_OptionalFieldsOfTheContractAndUnknownFields_AreAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var request = new JsonObject
        {
            ["input"] = new JsonArray("hello", string.Empty),
            ["model"] = "embed-english-v3.0",
            ["provider"] = "cohere",
            ["providerName"] = "Cohere Production",
            ["dimensions"] = 64,
            ["encoding_format"] = "float",
            ["user"] = "user_1",
        };

        JsonObject answer = await harness.EmbedAsync(request);

        Assert.Equal("embed-english-v3.0", answer["model"]!.GetValue<string>());
        Assert.Equal([64, 64], EmulatorHarness.Vectors(answer).Select(v => v.Length));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_NullOptionalFields_MeanTheDefaults()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject answer = await harness.EmbedAsync(new JsonObject
        {
            ["input"] = "hello",
            ["model"] = null,
            ["provider"] = null,
            ["providerName"] = null,
            ["dimensions"] = null,
        });

        Assert.Equal("text-embedding-3-small", answer["model"]!.GetValue<string>());
        Assert.Equal(1536, Assert.Single(EmulatorHarness.Vectors(answer)).Length);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_NoTenantHeader_Returns400WithTheContractMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), tenantId: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"success":false,"error":"x-runflow-tenant-id header is required for embeddings."}""",
            await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
        RunflowEmulatorRequest recorded = Assert.Single(harness.Emulator.Requests);
        Assert.Equal(400, recorded.StatusCode);
        Assert.True(recorded.IsEmbeddings);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Embeddings_BlankTenantHeader_Returns400(string tenantId)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), tenantId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal("x-runflow-tenant-id header is required for embeddings.", error["error"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_NoTenantAndAnInvalidBody_ReportsTheTenantFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync("""{"input":[]}""", tenantId: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-runflow-tenant-id", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_TenantNotRequired_AnswersWithoutTheHeader()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { RequireTenantForEmbeddings = false });

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), tenantId: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal(1536, Assert.Single(EmulatorHarness.Vectors(answer)).Length);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoTenantHeader_IsStillAnswered()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("hello"));

        Assert.Equal("You said: \"hello\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_NoApiKey_Returns401BeforeTheTenantCheck()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), tenantId: null, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.StartsWith("Missing API key", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_WrongApiKey_Returns401WithoutEchoingTheKey()
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("rf_live_right");
        await using var harness = await EmulatorHarness.StartAsync(options);

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), apiKey: "rf_live_wrong_secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        Assert.Equal("""{"success":false,"error":"Invalid API key."}""", body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_ConfiguredKeyAsBearer_IsAccepted()
    {
        var options = new RunflowEmulatorOptions();
        options.ApiKeys.Add("sk-configured");
        await using var harness = await EmulatorHarness.StartAsync(options);
        using HttpRequestMessage message = harness.Message(EmulatorHarness.EmbeddingsPath, EmulatorHarness.EmbeddingsRequest("hi").ToJsonString(), "sk-configured", "Authorization");
        message.Headers.Add("x-runflow-tenant-id", EmulatorHarness.TenantId);

        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Authorization", Assert.Single(harness.Emulator.Requests).ApiKeyHeaderName);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_GetInsteadOfPost_Returns405WithAllowHeader()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.Http.GetAsync(EmulatorHarness.EmbeddingsPath, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EmbeddingsPath_Custom_ServesEmbeddingsThereOnly()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EmbeddingsPath = "/v2/embed/" });
        string body = EmulatorHarness.EmbeddingsRequest("hi").ToJsonString();

        using HttpRequestMessage custom = harness.Message("v2/embed", body);
        custom.Headers.Add("x-runflow-tenant-id", EmulatorHarness.TenantId);
        using HttpResponseMessage moved = await harness.Http.SendAsync(custom, EmulatorHarness.Token);
        using HttpResponseMessage old = await harness.PostEmbeddingsAsync(body);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("list", JsonNode.Parse(await moved.Content.ReadAsStringAsync(EmulatorHarness.Token))!["object"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.True(harness.Emulator.Requests[0].IsEmbeddings);
        Assert.False(harness.Emulator.Requests[1].IsEmbeddings);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task StartAsync_BlankEmbeddingsPath_Throws(string path)
    {
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { EmbeddingsPath = path });

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => emulator.StartAsync(EmulatorHarness.Token));

        Assert.Equal("EmbeddingsPath", error.ParamName);
        Assert.False(emulator.IsRunning);
    }
}
