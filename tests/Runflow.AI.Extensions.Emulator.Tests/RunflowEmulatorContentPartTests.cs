using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>Content parts: how the emulator validates them, and what its model honestly reads from images and files.</summary>
public sealed class RunflowEmulatorContentPartTests
{
    public static TheoryData<string, string> InvalidContents => new()
    {
        { """[{"type":"text","text":"a"},"b"]""", "messages[0].content[1] must be an object with a type." },
        { """[{"text":"a"}]""", "messages[0].content[0] must be an object with a type." },
        { """[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]""", "messages[0].content[0].type 'input_audio' is not supported; expected one of: text, image_url, file, file_url." },
        { """[{"type":"text","text":5}]""", "messages[0].content[0].text must be a string." },
        { """[{"type":"text","text":"a"},{"type":"image_url"}]""", "messages[0].content[1].image_url.url is required." },
        { """[{"type":"image_url","image_url":"https://example.com/a.png"}]""", "messages[0].content[0].image_url.url is required." },
        { """[{"type":"image_url","image_url":{"url":""}}]""", "messages[0].content[0].image_url.url is required." },
        { """[{"type":"image_url","image_url":{"url":"file:///tmp/a.png"}}]""", "messages[0].content[0].image_url.url must be an http or https URL or a data URI." },
        { """[{"type":"image_url","image_url":{"url":"cat.png"}}]""", "messages[0].content[0].image_url.url must be an http or https URL or a data URI." },
        { """[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQ*D"}}]""", "messages[0].content[1].image_url.url is not a valid data URI: its base64 data is malformed." },
        { """[{"type":"image_url","image_url":{"url":"data:image/png;base64,AQI"}}]""", "messages[0].content[0].image_url.url is not a valid data URI: its base64 data is malformed." },
        { """[{"type":"image_url","image_url":{"url":"data:;base64,AQID"}}]""", "messages[0].content[0].image_url.url is not a valid data URI: it names no media type." },
        { """[{"type":"image_url","image_url":{"url":"data:base64,AQID"}}]""", "messages[0].content[0].image_url.url is not a valid data URI: it names no media type." },
        { """[{"type":"image_url","image_url":{"url":"data:image/png,AQID"}}]""", "messages[0].content[0].image_url.url is not a valid data URI: its data is not base64." },
        { """[{"type":"image_url","image_url":{"url":"data:image/png;base64"}}]""", "messages[0].content[0].image_url.url is not a valid data URI: it has no ',' before its data." },
        { """[{"type":"image_url","image_url":{"url":"data:application/pdf;base64,AQID"}}]""", "messages[0].content[0].image_url.url is a data URI of application/pdf, not an image; send files as file_url parts." },
        { """[{"type":"file","file":{}}]""", "messages[0].content[0].file.file_id is required." },
        { """[{"type":"file"}]""", "messages[0].content[0].file.file_id is required." },
        { """[{"type":"file_url","file_url":{"url":7}}]""", "messages[0].content[0].file_url.url is required." },
        { """[{"type":"file_url","file_url":{"url":"data:text/csv;base64,%%%"}}]""", "messages[0].content[0].file_url.url is not a valid data URI: its base64 data is malformed." },
        { "42", "messages[0].content must be a string, an array of content parts, or null." },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidContents))]
    public async Task Chat_InvalidContentPart_Returns400NamingThePart(string content, string expected)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("unused");
        request["messages"]![0]!["content"] = JsonNode.Parse(content);

        using HttpResponseMessage response = await harness.PostChatAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Equal(expected, error["error"]!.GetValue<string>());
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("assistant", "image_url", """{"url":"https://example.com/a.png"}""")]
    [InlineData("system", "file", """{"file_id":"file-1"}""")]
    [InlineData("tool", "file_url", """{"url":"https://example.com/a.pdf"}""")]
    public async Task Chat_ImageOrFileOutsideAUserMessage_Returns400(string role, string type, string value)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("user", "Hi"), (role, "unused"));
        request["messages"]![1]!["content"] = JsonNode.Parse($$"""[{"type":"text","text":"a"},{"type":"{{type}}","{{type}}":{{value}}}]""");

        using HttpResponseMessage response = await harness.PostChatAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal($"messages[1].content[1] is a {type} part, which only user messages carry.", error["error"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_InvalidContentPart_OnTheStreamEndpoint_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("unused");
        request["messages"]![0]!["content"] = JsonNode.Parse("""[{"type":"image_url","image_url":{"url":"data:image/png;base64,!!"}}]""");

        using HttpResponseMessage response = await harness.PostAsync(EmulatorHarness.StreamPath, request.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.Equal("messages[0].content[0].image_url.url is not a valid data URI: its base64 data is malformed.", error["error"]!.GetValue<string>());
    }

    public static TheoryData<string, byte[], string> Images => new()
    {
        { "image/png", TestImages.Png(64, 48), "64×48 pixels" },
        { "image/png", TestImages.Png(1, 1), "1×1 pixels" },
        { "image/gif", TestImages.Gif(320, 200), "320×200 pixels" },
        { "image/jpeg", TestImages.JpegHeader(1920, 1080), "1920×1080 pixels" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Images))]
    public async Task Chat_ImageDataUri_IsDescribedByMediaTypeSizeAndPixels(string mediaType, byte[] image, string pixels)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithParts(Text("What is in this image?"), Part("image_url", DataUri(mediaType, image)));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal($"You asked: \"What is in this image?\" You attached an image ({mediaType}, {Bytes(image.Length)}, {pixels}). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ImageBytesOfAnotherFormat_AreDescribedWithoutPixels()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        byte[] notAnImage = [.. TestImages.Png(8, 8).Take(20)];
        JsonObject request = WithParts(
            Part("image_url", DataUri("image/webp", [1, 2, 3])),
            Part("image_url", DataUri("image/png", notAnImage)),
            Part("image_url", DataUri("image/png", [9])));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You sent an image (image/webp, 3 bytes); an image (image/png, 20 bytes); and an image (image/png, 1 byte). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_FilesAndLinks_AreDescribedByWhatTheRequestSays()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        byte[] pdf = new byte[1234];
        JsonObject request = WithParts(
            Text("Compare"),
            Part("image_url", "https://example.com/dog.jpg"),
            Part("file_url", DataUri("application/pdf", pdf)),
            Part("file_url", "https://example.com/report.pdf"),
            new JsonObject { ["type"] = "file", ["file"] = new JsonObject { ["file_id"] = "file-abc123" } },
            Part("file_url", DataUri("image/png", TestImages.Png(2, 3))),
            Text("please."));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal(
            "You said: \"Compare please.\" You attached an image link I did not open (https://example.com/dog.jpg); a file (application/pdf, 1,234 bytes); " +
            $"a file link I did not open (https://example.com/report.pdf); the file file-abc123; and a file (image/png, {Bytes(TestImages.Png(2, 3).Length)}, 2×3 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)",
            reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Stream_ImageParts_StreamTheSameTextAsChat()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { StreamChunkSize = 7 });
        byte[] png = TestImages.Png(16, 9);
        JsonObject request = WithParts(Text("What is it?"), Part("image_url", DataUri("image/png", png)));

        string streamed = await harness.StreamAsync(request);
        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal($"You asked: \"What is it?\" You attached an image (image/png, {Bytes(png.Length)}, 16×9 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", streamed);
        Assert.Equal(streamed, reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ImageDescription_IsNotReadForToolArguments()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithParts(Text("use describe"), Part("image_url", DataUri("image/png", TestImages.Png(4, 4))));
        request["tools"] = new JsonArray(EmulatorHarness.Tool("describe", """{"type":"object","properties":{"image":{"type":"string"}}}"""));

        JsonObject reply = await harness.ChatAsync(request);

        JsonNode call = Assert.Single(reply["toolCalls"]!.AsArray())!;
        Assert.Equal("{}", call["function"]!["arguments"]!.GetValue<string>());
    }

    private static JsonObject WithParts(params JsonObject[] parts)
    {
        JsonObject request = EmulatorHarness.Request("unused");
        request["messages"]![0]!["content"] = new JsonArray([.. parts]);
        return request;
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Part(string type, string url) => new() { ["type"] = type, [type] = new JsonObject { ["url"] = url } };

    private static string Bytes(int count) => count.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
}
