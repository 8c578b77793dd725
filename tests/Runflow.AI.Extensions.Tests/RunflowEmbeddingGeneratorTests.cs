using System.Net;
using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Exact embeddings requests, every response variant, batching and errors, over the HTTP seam.</summary>
public sealed class RunflowEmbeddingGeneratorTests
{
    private const string OpenAiShaped = """
        {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.0,1.0]},{"object":"embedding","index":0,"embedding":[1.0,0.0]}],
         "model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunflowEmbeddingGenerator Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null, TimeProvider? time = null) =>
        new(TestClient.Options(o => { o.TenantId = "tenant_1"; configure?.Invoke(o); }), new HttpClient(handler), time);

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_Request_HasTheDocumentedBodyAndHeaders()
    {
        var handler = RecordingHandler.Json(OpenAiShaped);
        using var generator = Create(handler, o => { o.DefaultEmbeddingModelId = "text-embedding-3-large"; o.EmbeddingProvider = "azure_openai"; });

        await generator.GenerateAsync(["first", "second"], new EmbeddingGenerationOptions { Dimensions = 256 }, Token);

        var request = handler.Single;
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/embeddings", request.Uri.ToString());
        Assert.Equal(TestClient.ApiKey, request.Header("x-api-key"));
        Assert.Equal("tenant_1", request.Header("x-runflow-tenant-id"));
        TestClient.AssertJson("""
            {"input":["first","second"],"model":"text-embedding-3-large","provider":"azure_openai","dimensions":256}
            """, request.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoDefaults_SendsOnlyTheInput()
    {
        var handler = RecordingHandler.Json(OpenAiShaped);
        using var generator = Create(handler);

        await generator.GenerateAsync(["a", "b"], cancellationToken: Token);

        TestClient.AssertJson("""{"input":["a","b"]}""", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_OptionsAndAdditionalProperties_OverrideAndPassThrough()
    {
        var handler = RecordingHandler.Json(OpenAiShaped);
        using var generator = Create(handler, o => o.DefaultEmbeddingModelId = "default-model");
        var options = new EmbeddingGenerationOptions
        {
            ModelId = "embed-v3",
            AdditionalProperties = new() { ["provider"] = "cohere", ["providerName"] = "Cohere EU", ["input_type"] = "search_query" },
        };

        await generator.GenerateAsync(["a", "b"], options, Token);

        TestClient.AssertJson("""
            {"input":["a","b"],"model":"embed-v3","provider":"cohere","providerName":"Cohere EU","input_type":"search_query"}
            """, handler.Single.Body);
    }

    public static TheoryData<string, string> ResponseVariants => new()
    {
        { "OpenAI, indices out of order", OpenAiShaped },
        { "bare embeddings", """{"embeddings":[[1.0,0.0],[0.0,1.0]],"usage":{"promptTokens":4,"totalTokens":4}}""" },
        { "envelope around OpenAI", "{\"success\":true,\"data\":" + OpenAiShaped + "}" },
        { "envelope around bare", """{"success":true,"data":{"embeddings":[[1.0,0.0],[0.0,1.0]],"usage":{"prompt_tokens":4,"total_tokens":4}}}""" },
        { "envelope with items", """{"success":true,"data":[{"index":0,"embedding":[1.0,0.0]},{"index":1,"embedding":[0.0,1.0]}],"usage":{"prompt_tokens":4,"total_tokens":4}}""" },
        { "numbers as strings", """{"embeddings":[["1","0"],["0","1"]],"usage":{"promptTokens":"4","totalTokens":"4"}}""" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(ResponseVariants))]
    public async Task GenerateAsync_ResponseVariant_MapsToEmbeddingsInInputOrder(string variant, string body)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var generator = Create(RecordingHandler.Json(body), time: time);

        var embeddings = await generator.GenerateAsync(["first", "second"], cancellationToken: Token);

        Assert.True(embeddings.Count == 2, $"{variant}: {embeddings.Count} embeddings");
        Assert.Equal([1f, 0f], embeddings[0].Vector.ToArray());
        Assert.Equal([0f, 1f], embeddings[1].Vector.ToArray());
        Assert.Equal(4, embeddings.Usage!.InputTokenCount);
        Assert.Equal(4, embeddings.Usage.TotalTokenCount);
        Assert.All(embeddings, e => Assert.Equal(time.GetUtcNow(), e.CreatedAt));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ModelInResponse_IsTheEmbeddingsModelId()
    {
        using var generator = Create(RecordingHandler.Json(OpenAiShaped), o => o.DefaultEmbeddingModelId = "asked-for");

        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: Token);

        Assert.All(embeddings, e => Assert.Equal("text-embedding-3-small", e.ModelId));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_MoreInputsThanTheBatchSize_SplitsAndRejoinsInOrder()
    {
        var handler = new RecordingHandler(async (request, ct) =>
        {
            var inputs = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!["input"]!.AsArray();
            var vectors = string.Join(",", inputs.Select(i => $"[{i!.GetValue<string>().Length}.0]"));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    "{\"embeddings\":[" + vectors + "],\"usage\":{\"promptTokens\":" + inputs.Count + ",\"totalTokens\":" + inputs.Count + "}}",
                    System.Text.Encoding.UTF8,
                    "application/json"),
            };
        });
        using var generator = Create(handler, o => o.MaxEmbeddingBatchSize = 2);

        var embeddings = await generator.GenerateAsync(["a", "bb", "ccc", "dddd", "eeeee"], cancellationToken: Token);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(["""["a","bb"]""", """["ccc","dddd"]""", """["eeeee"]"""],
            handler.Requests.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!["input"]!.ToJsonString()));
        Assert.Equal([1f, 2f, 3f, 4f, 5f], embeddings.Select(e => e.Vector.Span[0]));
        Assert.Equal(5, embeddings.Usage!.TotalTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoInputs_SendsNothing()
    {
        var handler = RecordingHandler.Json(OpenAiShaped);
        using var generator = Create(handler);

        var embeddings = await generator.GenerateAsync([], cancellationToken: Token);

        Assert.Empty(embeddings);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"embeddings":[[1.0]]}""", "1 embeddings for 2 inputs")]
    [InlineData("""{"model":"x"}""", "neither 'data' nor 'embeddings'")]
    [InlineData("""{"data":[{"index":0},{"index":1}]}""", "no 'embedding'")]
    [InlineData("""{"data":"nope"}""", "not a chat response")]
    public async Task GenerateAsync_UnusableResponse_ThrowsRunflowException(string body, string fragment)
    {
        using var generator = Create(RecordingHandler.Json(body));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Token));

        Assert.Contains(fragment.Replace("not a chat response", "not a", StringComparison.Ordinal), error.Message);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_FailedEnvelope_ThrowsWithTheServerMessage()
    {
        using var generator = Create(RecordingHandler.Json("""{"success":false,"error":"Unknown embeddings provider"}"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal("Unknown embeddings provider", error.ServerMessage);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ErrorStatus_ThrowsTheSameRunflowExceptionAsChat()
    {
        using var generator = Create(RecordingHandler.Json("""{"success":false,"error":"x-runflow-tenant-id header is required"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("x-runflow-tenant-id header is required", error.Message);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
    }

    [Fact]
    public void Constructor_NoProjectOrProvider_IsFineForEmbeddings()
    {
        using var generator = new RunflowEmbeddingGenerator(new RunflowClientOptions { ApiKey = "k", TenantId = "t" });

        Assert.NotNull(generator.GetService<EmbeddingGeneratorMetadata>());
    }

    [Theory]
    [InlineData(0, 256, "EmbeddingDimensions")]
    [InlineData(256, 0, "MaxEmbeddingBatchSize")]
    public void Constructor_NonPositiveSizes_AreRefused(int dimensions, int batchSize, string option)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(RecordingHandler.Json(OpenAiShaped), o =>
        {
            o.EmbeddingDimensions = dimensions;
            o.MaxEmbeddingBatchSize = batchSize;
        }));

        Assert.Contains($"RunflowClientOptions.{option}", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        using var generator = Create(new RecordingHandler(async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return null!;
        }));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["a"], cancellationToken: cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public void GetService_Metadata_DescribesRunflow()
    {
        using var generator = Create(RecordingHandler.Json(OpenAiShaped), o => { o.DefaultEmbeddingModelId = "text-embedding-3-small"; o.EmbeddingDimensions = 512; });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal("runflow", metadata.ProviderName);
        Assert.Equal(new Uri("https://runflow.test/"), metadata.ProviderUri);
        Assert.Equal("text-embedding-3-small", metadata.DefaultModelId);
        Assert.Equal(512, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService<RunflowEmbeddingGenerator>());
    }
}
