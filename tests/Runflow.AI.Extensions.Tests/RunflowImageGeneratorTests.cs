#pragma warning disable MEAI001 // IImageGenerator and its types are experimental in Microsoft.Extensions.AI; these tests exercise them.
using System.Drawing;
using System.Net;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Exact image-generation requests, every response variant, validation and errors, over the HTTP seam.</summary>
public sealed class RunflowImageGeneratorTests
{
    private const string Prompt = "A lighthouse at dawn";

    private static readonly byte[] PngBytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static readonly string PngAnswer = $$"""{"images":[{"b64Json":"{{Convert.ToBase64String(PngBytes)}}"}],"model":"dall-e-3","provider":"openai"}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunflowImageGenerator Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null) =>
        new(TestClient.Options(configure), new HttpClient(handler));

    private static Task<ImageGenerationResponse> GenerateAsync(IImageGenerator generator, ImageGenerationOptions? options = null, string prompt = Prompt) =>
        generator.GenerateImagesAsync(prompt, options, Token);

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_Request_HasTheDocumentedBodyAndHeaders()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler, o => { o.ImageProvider = "azure"; o.DefaultImageModelId = "dall-e-3"; o.TenantId = "tenant_1"; });
        var options = new ImageGenerationOptions
        {
            ImageSize = new Size(1792, 1024),
            Count = 2,
            AdditionalProperties = new() { ["quality"] = "HD", ["style"] = "natural", ["providerName"] = "Azure EU", ["user"] = "u-42" },
        };

        await GenerateAsync(generator, options);

        var request = handler.Single;
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/images/generate", request.Uri.ToString());
        Assert.Equal(TestClient.ApiKey, request.Header("x-api-key"));
        Assert.Equal("tenant_1", request.Header("x-runflow-tenant-id"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        TestClient.AssertJson("""
            {"prompt":"A lighthouse at dawn","provider":"azure","model":"dall-e-3","providerName":"Azure EU","size":"1792x1024","quality":"hd","style":"natural","n":2,"user":"u-42"}
            """, request.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoOptions_SendsOnlyThePrompt()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler, o => o.ProviderName = "OpenAI Production");

        await GenerateAsync(generator);

        // Chat's provider and provider configuration are not the image endpoint's: Runflow's defaults apply.
        TestClient.AssertJson("""{"prompt":"A lighthouse at dawn"}""", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ModelIdAndAdditionalProperties_OverrideTheDefaults()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler, o => { o.ImageProvider = "azure"; o.DefaultImageModelId = "dall-e-2"; });
        var options = new ImageGenerationOptions { ModelId = "gpt-image-1", AdditionalProperties = new() { ["provider"] = "bedrock", ["style"] = "Vivid" } };

        await GenerateAsync(generator, options);

        TestClient.AssertJson("""{"prompt":"A lighthouse at dawn","provider":"bedrock","model":"gpt-image-1","style":"vivid"}""", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_AdditionalPropertyNamedAfterAField_ReplacesIt()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler, o => o.DefaultImageModelId = "dall-e-3");
        var options = new ImageGenerationOptions { Count = 1, AdditionalProperties = new() { ["model"] = "sdxl", ["n"] = 3, ["response_format"] = "url" } };

        await GenerateAsync(generator, options);

        TestClient.AssertJson("""{"prompt":"A lighthouse at dawn","model":"sdxl","n":3,"response_format":"url"}""", handler.Single.Body);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(256, 256)]
    [InlineData(512, 512)]
    [InlineData(1024, 1024)]
    [InlineData(1792, 1024)]
    [InlineData(1024, 1792)]
    public async Task GenerateAsync_EveryDocumentedSize_IsSent(int width, int height)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        await GenerateAsync(generator, new ImageGenerationOptions { ImageSize = new Size(width, height) });

        TestClient.AssertJson($$"""{"prompt":"A lighthouse at dawn","size":"{{width}}x{{height}}"}""", handler.Single.Body);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(1000, 1000)]
    [InlineData(1024, 1536)]
    [InlineData(0, 0)]
    [InlineData(-256, -256)]
    public async Task GenerateAsync_UndocumentedSize_FailsListingTheSizes(int width, int height)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GenerateAsync(generator, new ImageGenerationOptions { ImageSize = new Size(width, height) }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("ImageGenerationOptions.ImageSize must be one of the sizes Runflow documents: 256x256, 512x512, 1024x1024, 1792x1024, 1024x1792", error.Message);
        Assert.Equal($"{width}x{height}", error.ActualValue);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task GenerateAsync_CountInRange_IsSentAsN(int count)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        await GenerateAsync(generator, new ImageGenerationOptions { Count = count });

        TestClient.AssertJson($$"""{"prompt":"A lighthouse at dawn","n":{{count}}}""", handler.Single.Body);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public async Task GenerateAsync_CountOutOfRange_FailsBeforeSending(int count)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GenerateAsync(generator, new ImageGenerationOptions { Count = count }));

        Assert.Contains("ImageGenerationOptions.Count must be from 1 to 4", error.Message);
        Assert.Empty(handler.Requests);
    }

    public static TheoryData<string, object?, string> BadChoices => new()
    {
        { "quality", "ultra", "AdditionalProperties[\"quality\"] must be standard or hd" },
        { "quality", 1, "AdditionalProperties[\"quality\"] must be standard or hd" },
        { "style", "bright", "AdditionalProperties[\"style\"] must be vivid or natural" },
        { "style", null, "AdditionalProperties[\"style\"] must be vivid or natural" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(BadChoices))]
    public async Task GenerateAsync_UndocumentedQualityOrStyle_FailsBeforeSending(string key, object? value, string fragment)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GenerateAsync(generator, new ImageGenerationOptions { AdditionalProperties = new() { [key] = value } }));

        Assert.Contains(fragment, error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task GenerateAsync_BlankPrompt_FailsBeforeSending(string prompt)
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new ImageGenerationRequest(prompt), cancellationToken: Token));

        Assert.Contains("ImageGenerationRequest.Prompt is required", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_PromptInAdditionalProperties_IsRefused()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(generator, new ImageGenerationOptions { AdditionalProperties = new() { ["prompt"] = "other" } }));

        Assert.Contains("cannot replace it", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_MediaTypeThatIsNotOne_FailsBeforeSending()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(generator, new ImageGenerationOptions { MediaType = "png" }));

        Assert.Contains("ImageGenerationOptions.MediaType 'png' is not a media type", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EditImagesAsync_IsNotSupported()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => generator.EditImageAsync(new DataContent(PngBytes, "image/png"), "Make it night", cancellationToken: Token));

        Assert.Contains("ImageGenerationRequest.OriginalImages", error.Message);
        Assert.Empty(handler.Requests);
    }

    public static TheoryData<string, string> Base64Variants => new()
    {
        { "bare, camelCase", PngAnswer },
        { "snake_case", $$"""{"images":[{"b64_json":"{{Convert.ToBase64String(PngBytes)}}"}]}""" },
        { "envelope", $$"""{"success":true,"data":{{PngAnswer}}}""" },
        { "nested envelope", $$$"""{"success":true,"data":{"success":true,"data":{{{PngAnswer}}}}}""" },
        { "null item", $$"""{"images":[null,{"b64Json":"{{Convert.ToBase64String(PngBytes)}}"},null]}""" },
        { "data URI as url", $$"""{"images":[{"url":"data:image/png;base64,{{Convert.ToBase64String(PngBytes)}}"}]}""" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Base64Variants))]
    public async Task GenerateAsync_ImageAsBytes_IsDataContent(string variant, string body)
    {
        using var generator = Create(RecordingHandler.Json(body));

        var response = await GenerateAsync(generator);

        var image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.True(image.MediaType == "image/png", variant);
        Assert.Equal(PngBytes, image.Data.ToArray());
    }

    public static TheoryData<string, byte[]> SniffedImages => new()
    {
        { "image/png", PngBytes },
        { "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'] },
        { "image/gif", "GIF87a\u0001\0"u8.ToArray() },
        { "image/gif", "GIF89a\u0001\0"u8.ToArray() },
        { "image/webp", "RIFF\u0024\0\0\0WEBPVP8 "u8.ToArray() },
        { "image/png", "not an image format"u8.ToArray() },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(SniffedImages))]
    public async Task GenerateAsync_ImageBytes_GiveTheirMediaType(string mediaType, byte[] bytes)
    {
        using var generator = Create(RecordingHandler.Json($$"""{"images":[{"b64Json":"{{Convert.ToBase64String(bytes)}}"}]}"""));

        var response = await GenerateAsync(generator);

        Assert.Equal(mediaType, Assert.IsType<DataContent>(Assert.Single(response.Contents)).MediaType);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_UnknownBytesAndARequestedMediaType_UseTheRequestedOne()
    {
        using var generator = Create(RecordingHandler.Json("""{"images":[{"b64Json":"AAECAw=="}]}"""));

        var response = await GenerateAsync(generator, new ImageGenerationOptions { MediaType = "image/avif" });

        Assert.Equal("image/avif", Assert.IsType<DataContent>(Assert.Single(response.Contents)).MediaType);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("https://cdn.test/img/abc.png?sig=1", "image/png")]
    [InlineData("https://cdn.test/img/abc.JPG", "image/jpeg")]
    [InlineData("https://cdn.test/img/abc.webp", "image/webp")]
    [InlineData("https://cdn.test/img/abc", "image/png")]
    public async Task GenerateAsync_ImageAsUrl_IsUriContent(string url, string mediaType)
    {
        using var generator = Create(RecordingHandler.Json($$$"""{"success":true,"data":{"images":[{"url":"{{{url}}}"},{"url":"{{{url}}}"}],"model":"dall-e-3","provider":"openai"}}"""));

        var response = await GenerateAsync(generator, new ImageGenerationOptions { Count = 2 });

        Assert.Equal(2, response.Contents.Count);
        Assert.All(response.Contents, content =>
        {
            var image = Assert.IsType<UriContent>(content);
            Assert.Equal(new Uri(url), image.Uri);
            Assert.Equal(mediaType, image.MediaType);
        });
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"promptTokens":12,"completionTokens":3,"totalTokens":15}""", 12, 3, 15)]
    [InlineData("""{"prompt_tokens":12,"total_tokens":12}""", 12, null, 12)]
    public async Task GenerateAsync_Usage_IsMapped(string usage, int input, int? output, int total)
    {
        using var generator = Create(RecordingHandler.Json($$"""{"images":[{"url":"https://cdn.test/a.png"}],"usage":{{usage}}}"""));

        var response = await GenerateAsync(generator);

        Assert.Equal(((long)input, (long?)output, (long)total), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount!.Value));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_NoUsage_LeavesItNull()
    {
        using var generator = Create(RecordingHandler.Json(PngAnswer));

        var response = await GenerateAsync(generator);

        Assert.Null(response.Usage);
        Assert.NotNull(response.RawRepresentation);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_EmptyImages_IsAnEmptyResponse()
    {
        using var generator = Create(RecordingHandler.Json("""{"images":[],"model":"dall-e-3"}"""));

        var response = await GenerateAsync(generator);

        Assert.Empty(response.Contents);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"model":"dall-e-3","provider":"openai"}""", "has no 'images'")]
    [InlineData("""{"images":[{}]}""", "neither 'url' nor 'b64Json'")]
    [InlineData("""{"images":[{"b64Json":"not base64!"}]}""", "'b64Json' is not base64")]
    [InlineData("""{"images":[{"url":"/relative/a.png"}]}""", "'url' is not an absolute http or https URL")]
    [InlineData("""{"images":[{"url":"file:///etc/passwd"}]}""", "'url' is not an absolute http or https URL")]
    [InlineData("""{"images":[{"url":"data:;base64,@@"}]}""", "'url' is a data URI that cannot be read")]
    public async Task GenerateAsync_UnusableAnswer_ThrowsRunflowException(string body, string fragment)
    {
        using var generator = Create(RecordingHandler.Json(body));

        var error = await Assert.ThrowsAsync<RunflowException>(() => GenerateAsync(generator));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("an image-generation response that cannot be used", error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_BodyIsNotJson_SaysItIsNotAnImageResponse()
    {
        using var generator = Create(RecordingHandler.Json("""{"images":"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => GenerateAsync(generator));

        Assert.Contains("not an image-generation response (application/json)", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_FailedEnvelope_ThrowsWithTheServerMessage()
    {
        using var generator = Create(RecordingHandler.Json("""{"success":true,"data":{"success":false,"error":{"message":"Your prompt was rejected by the safety system"}}}"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => GenerateAsync(generator));

        Assert.Equal("Your prompt was rejected by the safety system", error.ServerMessage);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_RateLimited_KeepsStatusAndRetryAfter()
    {
        using var generator = Create(RecordingHandler.Json("""{"success":false,"error":"Rate limit"}""", HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7))));

        var error = await Assert.ThrowsAsync<RunflowException>(() => GenerateAsync(generator));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
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

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateImagesAsync(Prompt, cancellationToken: cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public void GetService_Metadata_DescribesRunflow()
    {
        using var generator = Create(RecordingHandler.Json(PngAnswer), o => o.DefaultImageModelId = "dall-e-3");

        var metadata = generator.GetService<ImageGeneratorMetadata>()!;

        Assert.Equal("runflow", metadata.ProviderName);
        Assert.Equal(new Uri("https://runflow.test/"), metadata.ProviderUri);
        Assert.Equal("dall-e-3", metadata.DefaultModelId);
        Assert.Same(generator, generator.GetService<RunflowImageGenerator>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ImagesPath_IsConfigurable()
    {
        var handler = RecordingHandler.Json(PngAnswer);
        using var generator = Create(handler, o => o.ImagesPath = "v2/images");

        await GenerateAsync(generator);

        Assert.Equal("https://runflow.test/v2/images", handler.Single.Uri.ToString());
    }
}
