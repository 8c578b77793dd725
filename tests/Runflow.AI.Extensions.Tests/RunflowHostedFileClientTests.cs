#pragma warning disable MEAI001 // IHostedFileClient and its types are experimental in Microsoft.Extensions.AI; these tests exercise them.
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Runflow.AI.Extensions.Protocol;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Exact multipart uploads, every file-reference variant, validation and errors, over the HTTP seam.</summary>
public sealed partial class RunflowHostedFileClientTests
{
    private const string Reference = """{"fileId":"file-abc123","provider":"openai","mimeType":"application/pdf","size":6}""";

    /// <summary>Bytes that are not UTF-8 text, so a body mangled by a text round trip shows.</summary>
    private static readonly byte[] Pdf = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunflowHostedFileClient Create(HttpMessageHandler handler, Action<RunflowClientOptions>? configure = null) =>
        new(TestClient.Options(o => { o.ProviderName = "OpenAI Production"; configure?.Invoke(o); }), new HttpClient(handler));

    private static Task<HostedFileContent> UploadAsync(IHostedFileClient client, byte[] bytes, string? mediaType = "application/pdf", string? fileName = "report.pdf", HostedFileClientOptions? options = null) =>
        client.UploadAsync(new MemoryStream(bytes), mediaType, fileName, options, Token);

    /// <summary>The boundary the request's Content-Type names.</summary>
    private static string Boundary(RecordedRequest request)
    {
        var match = BoundaryPattern().Match(request.Header("Content-Type")!);
        Assert.True(match.Success, request.Header("Content-Type"));
        return match.Groups[1].Value;
    }

    /// <summary>The exact body of a form: text fields, then the file part with its bytes.</summary>
    private static byte[] Form(string boundary, IEnumerable<(string Name, string Value)> fields, string fileDisposition, string mediaType, byte[] file)
    {
        var head = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            head.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        head.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; {fileDisposition}\r\nContent-Type: {mediaType}\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. file, .. Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n")];
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_Request_IsTheDocumentedMultipartForm()
    {
        long? contentLength = null;
        var handler = new RecordingHandler((request, _) =>
        {
            contentLength = request.Content!.Headers.ContentLength;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Reference, Encoding.UTF8, "application/json") });
        });
        using var client = Create(handler, o => o.TenantId = "tenant_1");

        await UploadAsync(client, Pdf);

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/files", request.Uri.ToString());
        Assert.Equal(TestClient.ApiKey, request.Header("x-api-key"));
        Assert.Equal("tenant_1", request.Header("x-runflow-tenant-id"));
        Assert.Equal("application/json", request.Header("Accept"));
        var boundary = Boundary(request);
        Assert.Matches("^runflow-[0-9a-f]{32}$", boundary);
        Assert.Equal($"multipart/form-data; boundary=\"{boundary}\"", request.Header("Content-Type"));
        var expected = Form(boundary, [("provider", "openai"), ("providerName", "OpenAI Production"), ("purpose", "user_data")], "filename=\"report.pdf\"", "application/pdf", Pdf);
        Assert.Equal(expected, request.BodyBytes);
        Assert.Equal(expected.Length, contentLength);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_TwoUploads_UseDifferentBoundaries()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        await UploadAsync(client, Pdf);
        await UploadAsync(client, Pdf);

        Assert.NotEqual(Boundary(handler.Requests[0]), Boundary(handler.Requests[1]));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("relatório.pdf", "filename=\"relat_rio.pdf\"; filename*=UTF-8''relat%C3%B3rio.pdf")]
    [InlineData("Q3 \"final\".pdf", "filename=\"Q3 \\\"final\\\".pdf\"")]
    [InlineData(@"C:\docs\a.pdf", @"filename=""C:\\docs\\a.pdf""")]
    [InlineData("報告 🚀.pdf", "filename=\"__ __.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%F0%9F%9A%80.pdf")]
    public async Task UploadAsync_FileName_IsQuotedAndEncodedForEveryParser(string fileName, string parameters)
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        await UploadAsync(client, Pdf, fileName: fileName);

        var request = handler.Single;
        Assert.Equal(
            Form(Boundary(request), [("provider", "openai"), ("providerName", "OpenAI Production"), ("purpose", "user_data")], parameters, "application/pdf", Pdf),
            request.BodyBytes);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_PurposeAndAdditionalProperties_OverrideAndTravelAsFields()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);
        var options = new HostedFileClientOptions
        {
            Purpose = "assistants",
            AdditionalProperties = new()
            {
                ["provider"] = "anthropic",
                ["providerName"] = "Claude EU",
                ["purpose"] = "ignored: Purpose wins",
                ["expires_after"] = 3600,
                ["label"] = "quarterly",
            },
        };

        await UploadAsync(client, Pdf, options: options);

        var request = handler.Single;
        Assert.Equal(
            Form(Boundary(request), [("provider", "anthropic"), ("providerName", "Claude EU"), ("purpose", "assistants"), ("expires_after", "3600"), ("label", "quarterly")], "filename=\"report.pdf\"", "application/pdf", Pdf),
            request.BodyBytes);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_NoProviderOptions_SendsOnlyThePurposeAndTheFile()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = new RunflowHostedFileClient(new RunflowClientOptions { Endpoint = new Uri("https://runflow.test/"), ApiKey = "k" }, new HttpClient(handler));

        await UploadAsync(client, Pdf, mediaType: null, options: new HostedFileClientOptions { AdditionalProperties = new() { ["purpose"] = "vision" } });

        var request = handler.Single;
        Assert.Equal(Form(Boundary(request), [("purpose", "vision")], "filename=\"report.pdf\"", "application/octet-stream", Pdf), request.BodyBytes);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_StreamThatCannotSeek_IsSentWhole()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

        await client.UploadAsync(new ScriptedStream([bytes[..70_000], bytes[70_000..140_000], bytes[140_000..]]), "application/octet-stream", "blob.bin", cancellationToken: Token);

        var request = handler.Single;
        Assert.Equal(Form(Boundary(request), [("provider", "openai"), ("providerName", "OpenAI Production"), ("purpose", "user_data")], "filename=\"blob.bin\"", "application/octet-stream", bytes), request.BodyBytes);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_SeekableStream_IsSentFromItsPositionAndLeftOpen()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);
        using var stream = new MemoryStream([9, 9, .. Pdf]) { Position = 2 };

        var file = await client.UploadAsync(stream, "application/pdf", "report.pdf", cancellationToken: Token);

        var request = handler.Single;
        Assert.Equal(Form(Boundary(request), [("provider", "openai"), ("providerName", "OpenAI Production"), ("purpose", "user_data")], "filename=\"report.pdf\"", "application/pdf", Pdf), request.BodyBytes);
        Assert.True(stream.CanRead, "the caller's stream was disposed");
        Assert.Equal(6, file.SizeInBytes);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadContent_SentTwice_SendsTheSameBytesBothTimes()
    {
        // A retry handler sends the same request again: the file must be read from its start each time.
        using var stream = new MemoryStream(Pdf);
        using var content = await RunflowUploadContent.CreateAsync(stream, Token);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await content.CopyToAsync(first, Token);
        await content.CopyToAsync(second, Token);

        Assert.Equal(Pdf, first.ToArray());
        Assert.Equal(Pdf, second.ToArray());
    }

    public static TheoryData<string, string> ResponseVariants => new()
    {
        { "bare, camelCase", """{"fileId":"file-abc123","provider":"openai","mimeType":"application/pdf","size":6,"filename":"report.pdf"}""" },
        { "envelope", """{"success":true,"data":{"fileId":"file-abc123","provider":"openai","mimeType":"application/pdf","size":6}}""" },
        { "snake_case", """{"file_id":"file-abc123","provider":"openai","mime_type":"application/pdf","size":"6","file_name":"report.pdf"}""" },
        { "envelope, snake_case", """{"success":true,"data":{"file_id":"file-abc123","provider":"openai","mime_type":"application/pdf","size":6}}""" },
        { "OpenAI's file object", """{"id":"file-abc123","object":"file","bytes":6,"created_at":1700000000,"filename":"report.pdf","purpose":"user_data","provider":"openai"}""" },
        { "only the id", """{"fileId":"file-abc123","provider":"openai"}""" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(ResponseVariants))]
    public async Task UploadAsync_ResponseVariant_MapsToHostedFileContent(string variant, string body)
    {
        using var client = Create(RecordingHandler.Json(body));

        var file = await UploadAsync(client, Pdf);

        Assert.True(file.FileId == "file-abc123", variant);
        Assert.Equal("application/pdf", file.MediaType);
        Assert.Equal(6, file.SizeInBytes);
        Assert.Equal("report.pdf", file.Name);
        Assert.Equal("user_data", file.Purpose);
        Assert.Equal("openai", file.AdditionalProperties?["provider"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_ReportedValues_WinOverTheSentOnes()
    {
        using var client = Create(RecordingHandler.Json("""{"fileId":"file-x","mimeType":"application/x-pdf","size":7,"filename":"renamed.pdf","purpose":"assistants"}"""));

        var file = await UploadAsync(client, Pdf);

        Assert.Equal(("application/x-pdf", 7L, "renamed.pdf", "assistants"), (file.MediaType, file.SizeInBytes!.Value, file.Name, file.Purpose));
        Assert.Null(file.AdditionalProperties);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_ReportedMediaTypeIsNotOne_KeepsTheSentOne()
    {
        using var client = Create(RecordingHandler.Json("""{"fileId":"file-x","mimeType":"pdf"}"""));

        var file = await UploadAsync(client, Pdf);

        Assert.Equal("application/pdf", file.MediaType);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_HostedFileContent_IsUsableInAChatMessage()
    {
        using var client = Create(RecordingHandler.Json(Reference));

        var file = await UploadAsync(client, Pdf);
        var message = new ChatMessage(ChatRole.User, [new TextContent("Summarize this."), file]);

        Assert.Same(file, Assert.IsType<HostedFileContent>(message.Contents[1]));
        Assert.True(file.HasTopLevelMediaType("application"));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"provider":"openai","size":6}""", "has no 'fileId'")]
    [InlineData("""{"fileId":"   "}""", "has no 'fileId'")]
    [InlineData("""{"success":true,"data":{}}""", "has no 'fileId'")]
    public async Task UploadAsync_UnusableReference_ThrowsRunflowException(string body, string fragment)
    {
        using var client = Create(RecordingHandler.Json(body));

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("a file reference that cannot be used", error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_BodyIsNotJson_SaysItIsNotAFileReference()
    {
        using var client = Create(RecordingHandler.Text("<html>upstream</html>", "text/html"));

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("not a file reference (text/html)", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_FailedEnvelope_ThrowsWithTheServerMessage()
    {
        using var client = Create(RecordingHandler.Json("""{"success":false,"error":"Provider anthropic does not accept this file type"}"""));

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Equal("Provider anthropic does not accept this file type", error.ServerMessage);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_ErrorStatus_ThrowsRunflowExceptionWithoutTheKey()
    {
        using var client = Create(RecordingHandler.Json($$"""{"success":false,"error":"File too large for key {{TestClient.ApiKey}}"}""", HttpStatusCode.RequestEntityTooLarge));

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        Assert.Contains("File too large", error.Message);
        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
        Assert.DoesNotContain(TestClient.ApiKey, error.ResponseBody);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_Redirect_IsNotFollowed()
    {
        var handler = new RecordingHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Content = new StringContent(string.Empty) };
            response.Headers.Location = new Uri("https://elsewhere.test/upload");
            return Task.FromResult(response);
        });
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Contains("https://elsewhere.test/upload", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_AnswerOverTheBodyLimit_FailsNamingTheLimit()
    {
        using var client = Create(RecordingHandler.Json("{\"fileId\":\"file-" + new string('x', 200) + "\"}"), o => o.MaxResponseBodySize = 64);

        var error = await Assert.ThrowsAsync<RunflowException>(() => UploadAsync(client, Pdf));

        Assert.Contains("RunflowClientOptions.MaxResponseBodySize", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_EmptyFile_IsRefusedBeforeSending()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => UploadAsync(client, []));

        Assert.Equal("content", error.ParamName);
        Assert.Contains("'report.pdf' is empty", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(null, "A file name is required")]
    [InlineData("", "A file name is required")]
    [InlineData("  ", "A file name is required")]
    [InlineData("report\r\nX-Injected: 1.pdf", "control character at position 6")]
    [InlineData("tab\there.pdf", "control character at position 3")]
    public async Task UploadAsync_BadFileName_IsRefusedBeforeSending(string? fileName, string fragment)
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => UploadAsync(client, Pdf, fileName: fileName));

        Assert.Equal("fileName", error.ParamName);
        Assert.Contains(fragment, error.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("pdf")]
    [InlineData("application/pdf\r\nX-Injected: 1")]
    [InlineData("")]
    public async Task UploadAsync_MediaTypeThatIsNotOne_IsRefusedBeforeSending(string mediaType)
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => UploadAsync(client, Pdf, mediaType: mediaType));

        Assert.Equal("mediaType", error.ParamName);
        Assert.Empty(handler.Requests);
    }

    public static TheoryData<string, object?, string> BadAdditionalProperties => new()
    {
        { "file", "x", "cannot replace it" },
        { "provider", 42, "AdditionalProperties[\"provider\"] must be a string" },
        { "purpose", true, "AdditionalProperties[\"purpose\"] must be a string" },
        { "bad\nname", "x", "form field name holds a control character" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(BadAdditionalProperties))]
    public async Task UploadAsync_BadAdditionalProperty_IsRefusedBeforeSending(string key, object? value, string fragment)
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => UploadAsync(client, Pdf, options: new HostedFileClientOptions { AdditionalProperties = new() { [key] = value } }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(fragment, error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_Scope_IsNotSupported()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => UploadAsync(client, Pdf, options: new HostedFileClientOptions { Scope = "container_1" }));

        Assert.Contains("HostedFileClientOptions.Scope", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_NullStream_ThrowsArgumentNull()
    {
        using var client = Create(RecordingHandler.Json(Reference));

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => client.UploadAsync(null!, "application/pdf", "a.pdf", cancellationToken: Token));

        Assert.Equal("content", error.ParamName);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_AlreadyCancelled_SendsNothing()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.UploadAsync(new MemoryStream(Pdf), "application/pdf", "a.pdf", cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UndocumentedOperations_ThrowNotSupportedNamingTheOperation()
    {
        using IHostedFileClient client = Create(RecordingHandler.Json(Reference));

        Assert.Contains("downloading a file", (await Assert.ThrowsAsync<NotSupportedException>(() => client.DownloadAsync("file-1", cancellationToken: Token))).Message);
        Assert.Contains("reading a file's details", (await Assert.ThrowsAsync<NotSupportedException>(() => client.GetFileInfoAsync("file-1", cancellationToken: Token))).Message);
        Assert.Contains("deleting a file", (await Assert.ThrowsAsync<NotSupportedException>(() => client.DeleteAsync("file-1", cancellationToken: Token))).Message);
        Assert.Contains("listing files", Assert.Throws<NotSupportedException>(() => client.ListFilesAsync(cancellationToken: Token)).Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UndocumentedOperations_BlankFileId_ThrowArgumentException()
    {
        using IHostedFileClient client = Create(RecordingHandler.Json(Reference));

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(null!, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteAsync(" ", cancellationToken: Token));
    }

    [Fact]
    public void Constructor_OnlyEndpointAndKey_IsEnough()
    {
        using var client = new RunflowHostedFileClient(new RunflowClientOptions { ApiKey = "k" });

        var metadata = client.GetService<HostedFileClientMetadata>()!;

        Assert.Equal("runflow", metadata.ProviderName);
        Assert.Equal(RunflowClientOptions.DefaultEndpoint, metadata.ProviderUri);
        Assert.Same(client, client.GetService<RunflowHostedFileClient>());
        Assert.Null(client.GetService<HostedFileClientMetadata>("key"));
    }

    [Fact]
    public void Constructor_BlankFilesPath_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowHostedFileClient(new RunflowClientOptions { ApiKey = "k", FilesPath = " " }));

        Assert.Contains("RunflowClientOptions.FilesPath is required", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_FilesPath_IsConfigurable()
    {
        var handler = RecordingHandler.Json(Reference);
        using var client = Create(handler, o => { o.Endpoint = new Uri("https://gw.test/base"); o.FilesPath = "/v2/files"; });

        await UploadAsync(client, Pdf);

        Assert.Equal("https://gw.test/base/v2/files", handler.Single.Uri.ToString());
    }

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex BoundaryPattern();
}
