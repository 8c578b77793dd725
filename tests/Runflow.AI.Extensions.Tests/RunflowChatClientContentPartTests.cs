using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The exact request bytes for images and files: content parts, their refusals, and tool results that hold them.</summary>
public sealed class RunflowChatClientContentPartTests
{
    private static readonly byte[] s_bytes = [1, 2, 3];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_TextAndImageBytes_SendsTextAndDataUriParts()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What is in this image?"), new DataContent(s_bytes, "image/png")]) { AuthorName = "ana" }],
            cancellationToken: Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[
              {"role":"user","content":[
                {"type":"text","text":"What is in this image?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}}],"name":"ana"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ImageUrl_SendsTheLinkAsImageUrl()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What breed?"), new UriContent(new Uri("https://example.com/images/dog.jpg"), "image/jpeg")])],
            cancellationToken: Token);

        Assert.Equal(
            """[{"role":"user","content":[{"type":"text","text":"What breed?"},{"type":"image_url","image_url":{"url":"https://example.com/images/dog.jpg"}}]}]""",
            Messages(handler));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_HostedFile_SendsItsFileId()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("Summarise it."), new HostedFileContent("file-abc123") { MediaType = "application/pdf" }])],
            cancellationToken: Token);

        Assert.Equal(
            """[{"role":"user","content":[{"type":"text","text":"Summarise it."},{"type":"file","file":{"file_id":"file-abc123"}}]}]""",
            Messages(handler));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_FileUrl_SendsTheLinkAsFileUrl()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new UriContent(new Uri("https://example.com/q3 report.pdf"), "application/pdf")])],
            cancellationToken: Token);

        Assert.Equal(
            """[{"role":"user","content":[{"type":"file_url","file_url":{"url":"https://example.com/q3%20report.pdf"}}]}]""",
            Messages(handler));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("application/pdf")]
    [InlineData("text/csv")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task GetResponseAsync_FileBytes_SendsDataUriAsFileUrl(string mediaType)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("Read this."), new DataContent(s_bytes, mediaType)])], cancellationToken: Token);

        Assert.Equal(
            $$$"""[{"role":"user","content":[{"type":"text","text":"Read this."},{"type":"file_url","file_url":{"url":"data:{{{mediaType}}};base64,AQID"}}]}]""",
            Messages(handler));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_MixedContents_KeepTheirOrderAndJoinEachTextRun()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.User,
                [
                    new UriContent(new Uri("https://example.com/a.png"), "image/png"),
                    new TextContent("Compare "),
                    new TextContent("this"),
                    new DataContent(s_bytes, "image/gif"),
                    new TextContent(string.Empty),
                    new HostedFileContent("file-1"),
                    new TextContent("with the file."),
                    new TextReasoningContent("not sent"),
                ]),
            ],
            cancellationToken: Token);

        Assert.Equal(
            """
            [{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},{"type":"text","text":"Compare this"},{"type":"image_url","image_url":{"url":"data:image/gif;base64,AQID"}},{"type":"file","file":{"file_id":"file-1"}},{"type":"text","text":"with the file."}]}]
            """,
            Messages(handler));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_AllTextMessagesBesideAnImage_KeepPlainStringContent()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, [new TextContent("Be "), new TextContent("brief.")]),
                new ChatMessage(ChatRole.User, [new TextContent("Look:"), new DataContent(s_bytes, "image/png")]),
                new ChatMessage(ChatRole.Assistant, "A red square."),
                new ChatMessage(ChatRole.User, [new TextContent("And "), new TextContent("now?")]),
            ],
            cancellationToken: Token);

        TestClient.AssertJson("""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"Look:"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}}]},
              {"role":"assistant","content":"A red square."},
              {"role":"user","content":"And now?"}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ImageWithRawRepresentationFactory_KeepsTheParts()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new DataContent(s_bytes, "image/png")])],
            new ChatOptions { RawRepresentationFactory = _ => new JsonObject { ["custom"] = "x" } },
            Token);

        TestClient.AssertJson("""
            {"custom":"x","projectId":"proj_1","provider":"openai","model":"gpt-4o",
             "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}}]}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetStreamingResponseAsync_ImageParts_GoToTheStreamEndpoint()
    {
        var handler = RecordingHandler.Text("A cat.", "text/plain");
        using var client = TestClient.Create(handler);

        var updates = await client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What is it?"), new DataContent(s_bytes, "image/jpeg")])],
            cancellationToken: Token).ToChatResponseAsync(Token);

        Assert.Equal("A cat.", updates.Text);
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/chat/stream", handler.Single.Uri.ToString());
        Assert.Equal(
            """[{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AQID"}}]}]""",
            Messages(handler));
    }

    public static TheoryData<AIContent, string> AudioContents => new()
    {
        { new DataContent(s_bytes, "audio/wav"), "DataContent (audio/wav)" },
        { new UriContent(new Uri("https://example.com/talk.mp3"), "audio/mpeg"), "UriContent (audio/mpeg)" },
        { new HostedFileContent("file-audio") { MediaType = "audio/ogg" }, "HostedFileContent (audio/ogg)" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(AudioContents))]
    public async Task GetResponseAsync_Audio_ThrowsNotSupportedNamingTheMediaTypeBeforeSending(AIContent content, string expected)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("listen"), content])], cancellationToken: Token));

        Assert.Equal($"Runflow's chat endpoint takes no audio: a user message holds a {expected}. Transcribe it first and send the text.", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("assistant")]
    [InlineData("system")]
    [InlineData("tool")]
    public async Task GetResponseAsync_ImageOutsideAUserMessage_ThrowsNotSupportedBeforeSending(string role)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync(
                [new(ChatRole.User, "Draw a cat."), new(new ChatRole(role), [new TextContent("Here:"), new DataContent(s_bytes, "image/png")])],
                cancellationToken: Token));

        Assert.Equal(
            $"Runflow carries images and files in user messages only: a DataContent (image/png) in a message of role '{role}' has no place in OpenAI's message format, which Runflow takes for every provider. Send it in a user message.",
            error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("file:///home/ana/cat.png")]
    [InlineData("ftp://example.com/cat.png")]
    public async Task GetResponseAsync_LinkRunflowCannotReach_ThrowsNotSupportedBeforeSending(string uri)
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent(new Uri(uri), "image/png")])], cancellationToken: Token));

        Assert.Contains("UriContent (image/png)", error.Message);
        Assert.Contains("not an http, https or data URI", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_OtherContentType_ThrowsNotSupportedNamingTheType()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("look"), new HostedVectorStoreContent("vs_1")])], cancellationToken: Token));

        Assert.Contains("HostedVectorStoreContent", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolResultsWithImagesAndFiles_SendLabelsThenOneUserMessageAfterTheToolMessages()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);
        var chart = new byte[12_345];
        var chartUri = "data:image/png;base64," + Convert.ToBase64String(chart);

        await client.GetResponseAsync(
            [
                new(ChatRole.User, "Chart the sales, fetch the photo and the report."),
                new(ChatRole.Assistant,
                [
                    new FunctionCallContent("call_1", "chart", null),
                    new FunctionCallContent("call_2", "photo", null),
                    new FunctionCallContent("call_3", "report", null),
                ]),
                new(ChatRole.Tool,
                [
                    new FunctionResultContent("call_1", new DataContent(chart, "image/png")),
                    new FunctionResultContent("call_2", new List<AIContent>
                    {
                        new TextContent("The photo:"),
                        new UriContent(new Uri("https://example.com/photo.jpg"), "image/jpeg"),
                    }),
                ]),
                new(ChatRole.Tool, [new FunctionResultContent("call_3", new AIContent[] { new HostedFileContent("file-9"), new DataContent(new byte[] { 7 }, "text/csv") })]),
                new(ChatRole.Assistant, "Done."),
            ],
            cancellationToken: Token);

        TestClient.AssertJson($$$"""
            {"projectId":"proj_1","provider":"openai","model":"gpt-4o","messages":[
              {"role":"user","content":"Chart the sales, fetch the photo and the report."},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"chart","arguments":"{}"}},
                {"id":"call_2","type":"function","function":{"name":"photo","arguments":"{}"}},
                {"id":"call_3","type":"function","function":{"name":"report","arguments":"{}"}}]},
              {"role":"tool","content":"[image result: image/png, 12,345 bytes, follows in the next user message]","tool_call_id":"call_1"},
              {"role":"tool","content":"The photo:\n[image result: image/jpeg from https://example.com/photo.jpg, follows in the next user message]","tool_call_id":"call_2"},
              {"role":"tool","content":"[file result: uploaded file file-9, follows in the next user message]\n[file result: text/csv, 1 byte, follows in the next user message]","tool_call_id":"call_3"},
              {"role":"user","content":[
                {"type":"text","text":"[returned by tool call call_1]"},
                {"type":"image_url","image_url":{"url":"{{{chartUri}}}"}},
                {"type":"text","text":"[returned by tool call call_2]"},
                {"type":"image_url","image_url":{"url":"https://example.com/photo.jpg"}},
                {"type":"text","text":"[returned by tool call call_3]"},
                {"type":"file","file":{"file_id":"file-9"}},
                {"type":"file_url","file_url":{"url":"data:text/csv;base64,Bw=="}}]},
              {"role":"assistant","content":"Done."}]}
            """, handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_LastMessageIsAToolResultWithAnImage_EndsWithTheUserMessage()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new(ChatRole.User, "Show the logo."),
                new(ChatRole.Assistant, [new FunctionCallContent("call_1", "logo", null)]),
                new(ChatRole.Tool, [new FunctionResultContent("call_1", new DataContent(s_bytes, "image/webp"))]),
            ],
            cancellationToken: Token);

        var messages = JsonNode.Parse(handler.Single.Body)!["messages"]!.AsArray();
        Assert.Equal(4, messages.Count);
        Assert.Equal(
            """{"role":"tool","content":"[image result: image/webp, 3 bytes, follows in the next user message]","tool_call_id":"call_1"}""",
            messages[2]!.ToJsonString(TestClient.Relaxed));
        Assert.Equal(
            """{"role":"user","content":[{"type":"text","text":"[returned by tool call call_1]"},{"type":"image_url","image_url":{"url":"data:image/webp;base64,AQID"}}]}""",
            messages[3]!.ToJsonString(TestClient.Relaxed));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolResultOfTextContents_SendsTheirTextOnly()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        await client.GetResponseAsync(
            [
                new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f", null), new FunctionCallContent("call_2", "g", null)]),
                new(ChatRole.Tool,
                [
                    new FunctionResultContent("call_1", new TextContent("sunny")),
                    new FunctionResultContent("call_2", new List<AIContent> { new TextContent("line one"), new TextContent("line two") }),
                ]),
            ],
            cancellationToken: Token);

        Assert.Equal(
            """[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]},{"role":"tool","content":"sunny","tool_call_id":"call_1"},{"role":"tool","content":"line one\nline two","tool_call_id":"call_2"}]""",
            Messages(handler));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GetResponseAsync_ToolResultWithAudio_ThrowsNotSupportedBeforeSending()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync(
                [new(ChatRole.Tool, [new FunctionResultContent("call_1", new DataContent(s_bytes, "audio/mpeg"))])],
                cancellationToken: Token));

        Assert.Equal("Runflow's chat endpoint takes no audio: a tool result holds a DataContent (audio/mpeg). Transcribe it first and send the text.", error.Message);
        Assert.Empty(handler.Requests);
    }

    private static string Messages(RecordingHandler handler) =>
        JsonNode.Parse(handler.Single.Body)!["messages"]!.ToJsonString(TestClient.Relaxed);
}
