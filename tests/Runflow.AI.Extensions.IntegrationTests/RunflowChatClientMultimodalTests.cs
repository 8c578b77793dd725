using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>Images and files over real loopback HTTP: the bytes a caller gives reach the emulator intact, and its model says what it read.</summary>
public sealed class RunflowChatClientMultimodalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_PngAsDataContent_ReachesTheEmulatorIntact()
    {
        byte[] png = TestImages.Png(64, 48);
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        ChatResponse response = await session.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What is in this image?"), new DataContent(png, "image/png")])], cancellationToken: Token);

        Assert.Equal($"You asked: \"What is in this image?\" You attached an image (image/png, {Bytes(png.Length)}, 64×48 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        JsonNode sent = session.Emulator.Requests[^1].Json!["messages"]![0]!["content"]![1]!;
        Assert.Equal("image_url", sent["type"]!.GetValue<string>());
        Assert.Equal(png, Convert.FromBase64String(sent["image_url"]!["url"]!.GetValue<string>()["data:image/png;base64,".Length..]));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_PngAsDataContent_StreamsFromTheStreamEndpoint()
    {
        byte[] png = TestImages.Png(300, 200);
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        List<ChatResponseUpdate> updates = await session.Client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("Describe it."), new DataContent(png, "image/png")])], cancellationToken: Token).ToListAsync(Token);

        Assert.Equal($"You said: \"Describe it.\" You attached an image (image/png, {Bytes(png.Length)}, 300×200 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", string.Concat(updates.Select(u => u.Text)));
        Assert.True(session.Emulator.Requests[^1].IsStreaming);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ImageAsDataUriString_IsSentAsItCame()
    {
        byte[] gif = TestImages.Gif(40, 30);
        string dataUri = "data:image/gif;base64," + Convert.ToBase64String(gif);
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        ChatResponse response = await session.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What's in this image?"), new DataContent(dataUri, "image/gif")])], cancellationToken: Token);

        Assert.Equal($"You asked: \"What's in this image?\" You attached an image (image/gif, {Bytes(gif.Length)}, 40×30 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        Assert.Equal(dataUri, session.Emulator.Requests[^1].Json!["messages"]![0]!["content"]![1]!["image_url"]!["url"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ImageUrl_IsALinkTheEmulatorNeverFetches()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        ChatResponse response = await session.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What breed?"), new UriContent(new Uri("https://example.com/images/dog.jpg"), "image/jpeg")])],
            cancellationToken: Token);

        Assert.Equal("You asked: \"What breed?\" You attached an image link I did not open (https://example.com/images/dog.jpg). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_PdfAndUploadedFile_AreSentAsFiles()
    {
        byte[] pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);

        ChatResponse response = await session.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("Compare"), new DataContent(pdf, "application/pdf"), new TextContent("with"), new HostedFileContent("file-abc123")])],
            cancellationToken: Token);

        Assert.Equal($"You said: \"Compare with\" You attached a file (application/pdf, {Bytes(pdf.Length)}); and the file file-abc123. (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_FunctionReturningAnImage_TheModelSeesItAfterTheToolMessage()
    {
        byte[] png = TestImages.Png(32, 32);
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        IChatClient client = new ChatClientBuilder(session.Client).UseFunctionInvocation().Build();
        var renderChart = AIFunctionFactory.Create(
            [Description("Renders the sales chart.")] () => new DataContent(png, "image/png"), "render_chart");

        ChatResponse response = await client.GetResponseAsync("Please call render_chart.", new ChatOptions { Tools = [renderChart] }, Token);

        string callId = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().CallId;
        Assert.Equal($"You said: \"[returned by tool call {callId}]\" You attached an image (image/png, {Bytes(png.Length)}, 32×32 pixels). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        JsonArray sent = session.Emulator.Requests[^1].Json!["messages"]!.AsArray();
        Assert.Equal(
            $$$"""{"role":"tool","content":"[image result: image/png, {{{Bytes(png.Length)}}}, follows in the next user message]","tool_call_id":"{{{callId}}}"}""",
            sent[2]!.ToJsonString());
        Assert.Equal("user", sent[3]!["role"]!.GetValue<string>());
        Assert.Equal(4, sent.Count);
    }

    private static string Bytes(int count) => count.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
