using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The file-upload endpoint: multipart parsing, the answer, the bounded store, validation and faults.</summary>
public sealed class RunflowEmulatorFilesTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.4\n"u8, 0x00, 0xFF, 0x80, .. "\r\n--not-the-boundary\r\n%%EOF"u8];

    /// <summary>A raw multipart body, for the shapes <see cref="MultipartFormDataContent"/> does not write.</summary>
    private static ByteArrayContent Raw(string body, string contentType = "multipart/form-data; boundary=b")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ReplaceLineEndings("\r\n")));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_File_AnswersTheProviderFileReferenceInTheEnvelope()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject file = await harness.UploadAsync(EmulatorHarness.Upload(Pdf, fields: [("provider", "anthropic"), ("providerName", "Claude EU"), ("purpose", "user_data")]));

        Assert.Matches("^file-[0-9a-f]{24}$", file["fileId"]!.GetValue<string>());
        Assert.Equal("anthropic", file["provider"]!.GetValue<string>());
        Assert.Equal("application/pdf", file["mimeType"]!.GetValue<string>());
        Assert.Equal(Pdf.Length, file["size"]!.GetValue<int>());
        Assert.Equal("report.pdf", file["filename"]!.GetValue<string>());
        Assert.Equal("user_data", file["purpose"]!.GetValue<string>());
        Assert.Equal(["fileId", "provider", "mimeType", "size", "filename", "purpose"], file.Select(p => p.Key));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_File_KeepsTheExactBytesAndDescribesThem()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject file = await harness.UploadAsync(EmulatorHarness.Upload(Pdf));
        string id = file["fileId"]!.GetValue<string>();

        Assert.True(harness.Emulator.Files.TryGet(id, out RunflowEmulatorStoredFile? stored));
        Assert.Equal(Pdf, stored.Upload.Content);
        Assert.Equal("openai", stored.Upload.Provider);
        Assert.True(harness.Emulator.TryDescribeFile(id, out string? description));
        Assert.Equal($"the file report.pdf, {Pdf.Length} bytes, application/pdf", description);
    }

    [Fact]
    public void Describe_LargeFile_GroupsTheByteCount()
    {
        var file = new RunflowEmulatorStoredFile
        {
            Id = "file-1",
            Upload = new RunflowEmulatorFileUpload { FileName = "report.pdf", MediaType = "application/pdf", Content = new byte[5120] },
        };

        Assert.Equal("the file report.pdf, 5,120 bytes, application/pdf", file.Describe());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task TryDescribeFile_UnknownId_IsFalse()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        Assert.False(harness.Emulator.TryDescribeFile("file-000000000000000000000000", out string? description));
        Assert.Null(description);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_SameFileToTwoEmulators_GetsTheSameId()
    {
        await using var first = await EmulatorHarness.StartAsync();
        await using var second = await EmulatorHarness.StartAsync();

        JsonObject a = await first.UploadAsync(EmulatorHarness.Upload(Pdf));
        JsonObject b = await second.UploadAsync(EmulatorHarness.Upload(Pdf));
        JsonObject other = await second.UploadAsync(EmulatorHarness.Upload([.. Pdf, 0]));

        Assert.Equal(a["fileId"]!.GetValue<string>(), b["fileId"]!.GetValue<string>());
        Assert.NotEqual(a["fileId"]!.GetValue<string>(), other["fileId"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_FileNameStar_WinsAndIsDecoded()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject file = await harness.UploadAsync(Raw("""
            --b
            Content-Disposition: form-data; name="file"; filename="relat_rio.pdf"; filename*=UTF-8''relat%C3%B3rio.pdf
            Content-Type: application/pdf

            %PDF
            --b--

            """));

        Assert.Equal("relatório.pdf", file["filename"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_QuotedFileNameWithEscapes_IsUnescaped()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject file = await harness.UploadAsync(Raw("""
            preamble, which parsers skip
            --b
            Content-Disposition: form-data; name="file"; filename="Q3 \"final\".pdf"

            %PDF
            --b--
            """));

        Assert.Equal("Q3 \"final\".pdf", file["filename"]!.GetValue<string>());
        Assert.Equal("application/octet-stream", file["mimeType"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> InvalidForms => new()
    {
        {
            "application/json", "{}",
            "The request must be multipart/form-data with a boundary"
        },
        {
            "multipart/form-data", "--b\r\n\r\n--b--",
            "The request must be multipart/form-data with a boundary"
        },
        {
            "multipart/form-data; boundary=b", "no part here",
            "never starts a part with its boundary"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n--b--",
            "file is required"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n%PDF\r\n--b--",
            "file has no filename"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n\r\n--b--",
            "file 'a.pdf' is empty"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.pdf\"\r\n\r\n2\r\n--b--",
            "file is sent more than once"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"provider\"\r\n\r\nopenai\r\n--b\r\nContent-Disposition: form-data; name=\"provider\"\r\n\r\ngemini\r\n--b--",
            "provider is sent more than once"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n  \r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n1\r\n--b--",
            "purpose must not be blank"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF",
            "its closing boundary is missing"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"",
            "A part's headers do not end"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
            "A part has no Content-Disposition: form-data with a name"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nno colon here\r\n\r\nx\r\n--b--",
            "A part has a header line without a name"
        },
        {
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: pdf\r\n\r\nx\r\n--b--",
            "A part's Content-Type is not a media type"
        },
        {
            "multipart/form-data; boundary=b", "--bX",
            "a boundary is not followed by a line break"
        },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(InvalidForms))]
    public async Task Upload_InvalidForm_Returns400NamingTheProblem(string contentType, string body, string expectedInError)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostFileAsync(Raw(body, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains(expectedInError, error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_MoreThanTheMostParts_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var body = new StringBuilder();
        for (int i = 0; i <= RunflowEmulatorMultipartParser.MaxParts; i++)
        {
            body.Append($"--b\r\nContent-Disposition: form-data; name=\"extra{i}\"\r\n\r\nx\r\n");
        }

        using HttpResponseMessage response = await harness.PostFileAsync(Raw(body.Append("--b--").ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"more than {RunflowEmulatorMultipartParser.MaxParts} parts", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_OverTheBodyLimit_Returns413AndKeepsNothing()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MaxRequestBodySize = 1024 });

        using HttpResponseMessage response = await harness.PostFileAsync(EmulatorHarness.Upload(new byte[4096]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, harness.Emulator.Files.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_WithoutKey_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostFileAsync(EmulatorHarness.Upload(Pdf), apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_Get_Returns405()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.Http.GetAsync(EmulatorHarness.FilesPath, EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_FilesPath_IsConfigurable()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { FilesPath = "/v2/files/" });
        using var message = new HttpRequestMessage(HttpMethod.Post, "v2/files") { Content = EmulatorHarness.Upload(Pdf) };
        message.Headers.Add("x-api-key", EmulatorHarness.ApiKey);

        using HttpResponseMessage moved = await harness.Http.SendAsync(message, EmulatorHarness.Token);
        using HttpResponseMessage old = await harness.PostFileAsync(EmulatorHarness.Upload(Pdf));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_Request_IsRecordedWithTheKeyRedacted()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await harness.UploadAsync(EmulatorHarness.Upload(Pdf));

        RunflowEmulatorRequest request = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/" + EmulatorHarness.FilesPath, request.Path);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, request.Headers["x-api-key"]);
        Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("%PDF-1.4", request.Body, StringComparison.Ordinal);
        Assert.Null(request.Json);
        Assert.Equal(200, request.StatusCode);
    }

    [Fact]
    public void FileStore_MoreThanTheMostFiles_ForgetsTheOldest()
    {
        var store = new RunflowEmulatorFileStore();
        RunflowEmulatorStoredFile[] files = Enumerable.Range(0, RunflowEmulatorFileStore.MaxFiles + 1)
            .Select(i => store.Add(new RunflowEmulatorFileUpload { FileName = $"f{i}.txt", MediaType = "text/plain", Content = [1] }))
            .ToArray();

        Assert.False(store.TryGet(files[0].Id, out _));
        Assert.True(store.TryGet(files[1].Id, out _));
        Assert.True(store.TryGet(files[^1].Id, out _));
    }

    [Fact]
    public void FileStore_MoreThanTheMostBytes_ForgetsTheOldest()
    {
        var store = new RunflowEmulatorFileStore();
        byte[] third = new byte[(RunflowEmulatorFileStore.MaxTotalBytes / 3) + 1];

        RunflowEmulatorStoredFile[] files = Enumerable.Range(0, 3)
            .Select(i => store.Add(new RunflowEmulatorFileUpload { FileName = $"big{i}.bin", MediaType = "application/octet-stream", Content = third }))
            .ToArray();

        Assert.False(store.TryGet(files[0].Id, out _));
        Assert.True(store.TryGet(files[1].Id, out _));
        Assert.True(store.TryGet(files[2].Id, out _));
    }

    [Fact]
    public void FileStore_SameUploadAgain_IsKeptOnceAndBecomesTheNewest()
    {
        var store = new RunflowEmulatorFileStore();
        var again = new RunflowEmulatorFileUpload { FileName = "again.txt", MediaType = "text/plain", Content = [7] };
        RunflowEmulatorStoredFile first = store.Add(again);
        for (int i = 0; i < RunflowEmulatorFileStore.MaxFiles - 1; i++)
        {
            store.Add(new RunflowEmulatorFileUpload { FileName = $"f{i}.txt", MediaType = "text/plain", Content = [1] });
        }

        Assert.Equal(first.Id, store.Add(again).Id);
        store.Add(new RunflowEmulatorFileUpload { FileName = "one-more.txt", MediaType = "text/plain", Content = [1] });

        Assert.True(store.TryGet(first.Id, out _));
    }

    public static TheoryData<RunflowEmulatorReply, HttpStatusCode> Faults => new()
    {
        { RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(3)), HttpStatusCode.TooManyRequests },
        { RunflowEmulatorReply.InternalServerError(), HttpStatusCode.InternalServerError },
        { RunflowEmulatorReply.ServiceUnavailable(), HttpStatusCode.ServiceUnavailable },
        { new RunflowEmulatorReply { StatusCode = 415, Error = "Unsupported file type" }, HttpStatusCode.UnsupportedMediaType },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Faults))]
    public async Task Upload_QueuedFault_IsSentAndNothingIsKept(RunflowEmulatorReply reply, HttpStatusCode status)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(reply);

        using HttpResponseMessage response = await harness.PostFileAsync(EmulatorHarness.Upload(Pdf));
        JsonObject file = await harness.UploadAsync(EmulatorHarness.Upload([.. Pdf, 1]));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, harness.Emulator.Files.Count);
        Assert.True(harness.Emulator.TryDescribeFile(file["fileId"]!.GetValue<string>(), out _));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_MalformedJsonFault_CutsTheAnswer()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.MalformedJson());

        using HttpResponseMessage response = await harness.PostFileAsync(EmulatorHarness.Upload(Pdf));
        string body = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"success\":true,\"data\":{\"fileId\":", body, StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(body));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_RawBody_IsSentVerbatim()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.FromRawBody("""{"file_id":"file-scripted","provider":"openai"}"""));

        using HttpResponseMessage response = await harness.PostFileAsync(EmulatorHarness.Upload(Pdf));

        Assert.Equal("""{"file_id":"file-scripted","provider":"openai"}""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_DroppedConnection_BreaksTheAnswerOff()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Enqueue(RunflowEmulatorReply.DroppedConnection(bytesBeforeDrop: 10));
        using var message = new HttpRequestMessage(HttpMethod.Post, EmulatorHarness.FilesPath) { Content = EmulatorHarness.Upload(Pdf) };
        message.Headers.Add("x-api-key", EmulatorHarness.ApiKey);

        using HttpResponseMessage response = await harness.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, EmulatorHarness.Token);
        (int received, Exception? failure) = await EmulatorHarness.DrainAsync(response, EmulatorHarness.Token);

        Assert.Equal(10, received);
        Assert.NotNull(failure);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Upload_FilesOutliveARestart()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject file = await harness.UploadAsync(EmulatorHarness.Upload(Pdf));

        await harness.Emulator.StopAsync(EmulatorHarness.Token);
        await harness.Emulator.StartAsync(EmulatorHarness.Token);

        Assert.True(harness.Emulator.TryDescribeFile(file["fileId"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void Upload_ContentTypeOfAPart_IsKeptWithItsParameters()
    {
        byte[] body = Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=file; filename=notes.txt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhi\r\n--b--\r\n");

        Assert.True(RunflowEmulatorMultipartParser.TryParse(body, new MediaTypeHeaderValue("multipart/form-data") { Parameters = { new NameValueHeaderValue("boundary", "b") } }.ToString(), out RunflowEmulatorFileUpload? upload, out string? error), error);
        Assert.Equal(("notes.txt", "text/plain; charset=utf-8", "hi"), (upload.FileName, upload.MediaType, Encoding.UTF8.GetString(upload.Content)));
    }
}
