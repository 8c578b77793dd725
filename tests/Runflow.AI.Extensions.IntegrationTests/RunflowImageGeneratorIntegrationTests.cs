using System.Drawing;
using System.Net;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary><see cref="RunflowImageGenerator"/> against the emulator's image model over loopback HTTP.</summary>
public sealed class RunflowImageGeneratorIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<byte[]> GenerateOneAsync(IImageGenerator generator, string prompt, ImageGenerationOptions? options = null)
    {
        var response = await generator.GenerateImagesAsync(prompt, options, Token);
        var image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("image/png", image.MediaType);
        return image.Data.ToArray();
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_Prompt_GivesAPngOfTheRequestedShape()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);

        var png = PngReader.Read(await GenerateOneAsync(generator, "A lighthouse at dawn", new ImageGenerationOptions { ImageSize = new Size(1792, 1024) }));

        Assert.Equal((112, 64), (png.Width, png.Height));
        Assert.Equal("1792x1024", session.Emulator.Requests[0].Json!["size"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SamePromptTwice_GivesTheSameBytes()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);

        var first = await GenerateOneAsync(generator, "A red fox in snow");
        var second = await GenerateOneAsync(generator, "A red fox in snow");

        Assert.Equal(first, second);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_TwoPrompts_GiveDifferentPixels()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);

        var fox = PngReader.Read(await GenerateOneAsync(generator, "A red fox in snow"));
        var owl = PngReader.Read(await GenerateOneAsync(generator, "A white owl at night"));

        Assert.Equal((64, 64), (fox.Width, fox.Height));
        Assert.Equal((64, 64), (owl.Width, owl.Height));
        Assert.NotEqual(fox.Rgb, owl.Rgb);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_EveryOption_ReachesTheEmulatorAndComesBack()
    {
        await using var session = await EmulatorSession.StartAsync(configure: o => { o.ImageProvider = "azure"; o.DefaultImageModelId = "dall-e-3-eu"; }, cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);
        var options = new ImageGenerationOptions
        {
            Count = 3,
            ImageSize = new Size(256, 256),
            AdditionalProperties = new() { ["quality"] = "hd", ["style"] = "natural", ["providerName"] = "Azure EU" },
        };

        var response = await generator.GenerateImagesAsync("A lighthouse at dawn", options, Token);

        var images = response.Contents.Select(c => PngReader.Read(Assert.IsType<DataContent>(c).Data.ToArray())).ToList();
        Assert.Equal(3, images.Count);
        Assert.All(images, png => Assert.Equal((16, 16), (png.Width, png.Height)));
        Assert.Equal(3, images.Select(png => Convert.ToBase64String(png.Rgb)).Distinct().Count());
        Assert.Equal(4, response.Usage!.InputTokenCount);
        Assert.Equal(
            """{"prompt":"A lighthouse at dawn","provider":"azure","model":"dall-e-3-eu","providerName":"Azure EU","size":"256x256","quality":"hd","style":"natural","n":3}""",
            session.Emulator.Requests[0].Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_EmulatorRefusesAPassedThroughField_ThrowsWithItsMessage()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);

        // "size" through AdditionalProperties bypasses the client's check, so the service's own answer shows.
        var error = await Assert.ThrowsAsync<RunflowException>(() =>
            generator.GenerateImagesAsync("A fox", new ImageGenerationOptions { AdditionalProperties = new() { ["size"] = "4096x4096" } }, Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("size '4096x4096' is not supported for images", error.ServerMessage);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_MalformedAnswer_ThrowsRunflowException()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);
        session.Emulator.Enqueue(RunflowEmulatorReply.MalformedJson());

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateImagesAsync("A fox", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("not an image-generation response", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_StalledAnswer_TimesOutNamingTheOption()
    {
        await using var session = await EmulatorSession.StartAsync(configure: o => o.NetworkTimeout = TimeSpan.FromMilliseconds(500), cancellationToken: Token);
        using var generator = new RunflowImageGenerator(session.Options);
        session.Emulator.Enqueue(RunflowEmulatorReply.StalledStream(bytesBeforeStall: 10));

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateImagesAsync("A fox", cancellationToken: Token));

        Assert.Contains("RunflowClientOptions.NetworkTimeout", error.Message);
    }
}
