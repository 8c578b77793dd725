using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The image-generation endpoint: real PNGs that depend on the prompt, the answer, validation and faults.</summary>
public sealed class RunflowEmulatorImagesTests
{
    private static JsonObject Request(string prompt, string? size = null, int? n = null)
    {
        var body = new JsonObject { ["prompt"] = prompt };
        if (size is not null)
        {
            body["size"] = size;
        }

        if (n is not null)
        {
            body["n"] = n;
        }

        return body;
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_Prompt_AnswersAValidPngWithTheDefaults()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject answer = await harness.GenerateImagesAsync(Request("A lighthouse at dawn"));

        PngImage image = PngReader.Read(Assert.Single(EmulatorHarness.Images(answer)));
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal("dall-e-3", answer["model"]!.GetValue<string>());
        Assert.Equal("openai", answer["provider"]!.GetValue<string>());
        Assert.Equal(4, answer["usage"]!["promptTokens"]!.GetValue<int>());
        Assert.Equal(4, answer["usage"]!["totalTokens"]!.GetValue<int>());
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("256x256", 16, 16)]
    [InlineData("512x512", 32, 32)]
    [InlineData("1024x1024", 64, 64)]
    [InlineData("1792x1024", 112, 64)]
    [InlineData("1024x1792", 64, 112)]
    public async Task Generate_Size_GivesASixteenthOfItOnEachSide(string size, int width, int height)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject answer = await harness.GenerateImagesAsync(Request("A lighthouse at dawn", size));

        PngImage image = PngReader.Read(Assert.Single(EmulatorHarness.Images(answer)));
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_SamePrompt_GivesTheSameBytes()
    {
        await using var first = await EmulatorHarness.StartAsync();
        await using var second = await EmulatorHarness.StartAsync();

        byte[] a = EmulatorHarness.Images(await first.GenerateImagesAsync(Request("A red fox in snow")))[0];
        byte[] b = EmulatorHarness.Images(await second.GenerateImagesAsync(Request("A red fox in snow")))[0];

        Assert.Equal(a, b);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_DifferentPrompts_GiveDifferentPixels()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        PngImage fox = PngReader.Read(EmulatorHarness.Images(await harness.GenerateImagesAsync(Request("A red fox in snow")))[0]);
        PngImage owl = PngReader.Read(EmulatorHarness.Images(await harness.GenerateImagesAsync(Request("A white owl at night")))[0]);

        Assert.Equal((fox.Width, fox.Height), (owl.Width, owl.Height));
        Assert.NotEqual(fox.Rgb, owl.Rgb);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_SeveralImages_EachHasItsOwnPixels()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        byte[][] images = EmulatorHarness.Images(await harness.GenerateImagesAsync(Request("A red fox in snow", n: 4)));

        Assert.Equal(4, images.Length);
        Assert.Equal(4, images.Select(i => Convert.ToBase64String(PngReader.Read(i).Rgb)).Distinct().Count());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_Image_HasSeveralColours()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        PngImage image = PngReader.Read(EmulatorHarness.Images(await harness.GenerateImagesAsync(Request("A red fox in snow")))[0]);

        int colours = Enumerable.Range(0, image.Width * image.Height).Select(p => (image.Rgb[p * 3], image.Rgb[(p * 3) + 1], image.Rgb[(p * 3) + 2])).Distinct().Count();
        Assert.True(colours > 1, $"{colours} colour");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_EveryDocumentedField_IsAcceptedAndEchoed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var body = new JsonObject
        {
            ["prompt"] = "A lighthouse",
            ["provider"] = "bedrock",
            ["model"] = "titan-image-v2",
            ["providerName"] = "Bedrock US",
            ["size"] = "512x512",
            ["quality"] = "hd",
            ["style"] = "natural",
            ["n"] = 2,
        };

        JsonObject answer = await harness.GenerateImagesAsync(body);

        Assert.Equal(2, EmulatorHarness.Images(answer).Length);
        Assert.Equal("titan-image-v2", answer["model"]!.GetValue<string>());
        Assert.Equal("bedrock", answer["provider"]!.GetValue<string>());
        Assert.Equal(["images", "model", "provider", "usage"], answer.Select(p => p.Key));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"size":"1024x1024"}""", "prompt is required" },
        { """{"prompt":"   "}""", "prompt is required" },
        { """{"prompt":null}""", "prompt is required" },
        { """{"prompt":7}""", "prompt must be a string." },
        { $$"""{"prompt":"{{new string('a', 4001)}}"}""", "prompt must be at most 4000 characters; it has 4001." },
        { """{"prompt":"x","provider":"anthropic"}""", "provider 'anthropic' is not supported for images; expected one of: openai, azure, bedrock." },
        { """{"prompt":"x","provider":"azure_openai"}""", "provider 'azure_openai' is not supported" },
        { """{"prompt":"x","model":"  "}""", "model must not be blank" },
        { """{"prompt":"x","model":3}""", "model must be a string." },
        { """{"prompt":"x","providerName":false}""", "providerName must be a string." },
        { """{"prompt":"x","size":"1000x1000"}""", "size '1000x1000' is not supported for images; expected one of: 256x256, 512x512, 1024x1024, 1792x1024, 1024x1792." },
        { """{"prompt":"x","size":1024}""", "size must be a string." },
        { """{"prompt":"x","quality":"ultra"}""", "quality 'ultra' is not supported for images; expected one of: standard, hd." },
        { """{"prompt":"x","style":"bright"}""", "style 'bright' is not supported for images; expected one of: vivid, natural." },
        { """{"prompt":"x","n":0}""", "n must be an integer from 1 to 4; it was 0." },
        { """{"prompt":"x","n":5}""", "n must be an integer from 1 to 4; it was 5." },
        { """{"prompt":"x","n":2.5}""", "n must be an integer from 1 to 4; it was 2.5." },
        { """{"prompt":"x","n":"2"}""", "n must be an integer from 1 to 4; it was \"2\"." },
        { """{"prompt":"x","n":1e400}""", "n must be an integer from 1 to 4; it was 1e400." },
        { """{"prompt":""", "The request body is not valid JSON" },
        { """["prompt"]""", "The request body must be a JSON object." },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidBodies))]
    public async Task Generate_InvalidBody_Returns400NamingTheField(string body, string expectedInError)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ImagesPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains(expectedInError, error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_ScriptedModelAndUsage_OverrideTheModels()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(new RunflowEmulatorReply { Model = "gpt-image-1", Usage = new RunflowEmulatorUsage { PromptTokens = 10, CompletionTokens = 4160 } });

        JsonObject answer = await harness.GenerateImagesAsync(Request("A lighthouse"));

        Assert.Equal("gpt-image-1", answer["model"]!.GetValue<string>());
        Assert.Equal("""{"promptTokens":10,"completionTokens":4160,"totalTokens":4170}""", answer["usage"]!.ToJsonString());
        Assert.Single(EmulatorHarness.Images(answer));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_QueuedRateLimit_Returns429WithRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(4)));

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ImagesPath, Request("x").ToJsonString());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), response.Headers.RetryAfter?.Delta);
        Assert.Equal(RunflowEmulatorFault.TooManyRequests, Assert.Single(harness.Emulator.Requests).Fault);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_MalformedJsonFault_CutsTheAnswer()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.MalformedJson());

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.ImagesPath, Request("x").ToJsonString());
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"success\":true,\"data\":{\"images\":", body, StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(body));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_StalledStreamFault_HoldsTheAnswerUntilTheClientGivesUp()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 5));
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(EmulatorHarness.Token);

        using HttpResponseMessage response = await harness.Http.SendAsync(
            harness.Message(EmulatorHarness.ImagesPath, Request("x").ToJsonString()), HttpCompletionOption.ResponseHeadersRead, EmulatorHarness.Token);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(300));
        (int received, Exception? failure) = await EmulatorHarness.DrainAsync(response, giveUp.Token);

        Assert.Equal(5, received);
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Generate_ImagesPath_IsConfigurable()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { ImagesPath = "v2/images" });

        using HttpResponseMessage moved = await harness.PostAsync("v2/images", Request("x").ToJsonString());
        using HttpResponseMessage old = await harness.PostAsync(EmulatorHarness.ImagesPath, Request("x").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public void Png_OfKnownPixels_DecodesToThem()
    {
        byte[] pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];

        PngImage image = PngReader.Read(RunflowEmulatorPng.Encode(3, 2, pixels));

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(pixels, image.Rgb);
    }
}
