using System.Net;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary><see cref="RunflowHostedFileClient"/> uploading to the emulator over loopback HTTP.</summary>
public sealed class RunflowHostedFileClientIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A small PDF-looking file of 5,120 bytes, with bytes that are not text.</summary>
    private static readonly byte[] Report = [.. "%PDF-1.4\n"u8, .. Enumerable.Range(0, 5120 - 9).Select(i => (byte)(i * 31))];

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_ToTheEmulator_GivesAHostedFileTheEmulatorCanDescribe()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);

        var file = await client.UploadAsync(new MemoryStream(Report), "application/pdf", "report.pdf", cancellationToken: Token);

        Assert.Matches("^file-[0-9a-f]{24}$", file.FileId);
        Assert.Equal(("application/pdf", 5120L, "report.pdf", "user_data"), (file.MediaType, file.SizeInBytes!.Value, file.Name, file.Purpose));
        Assert.Equal("openai", file.AdditionalProperties?["provider"]);
        Assert.True(session.Emulator.TryDescribeFile(file.FileId, out var description));
        Assert.Equal("the file report.pdf, 5,120 bytes, application/pdf", description);
        Assert.True(session.Emulator.Files.TryGet(file.FileId, out var stored));
        Assert.Equal(Report, stored.Upload.Content);
        Assert.Equal("tenant_session", session.Emulator.Requests[0].Headers["x-runflow-tenant-id"]);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UploadedFile_AskedAboutInChat_IsNamedInTheAnswer(bool streaming)
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var files = new RunflowHostedFileClient(session.Options);
        var file = await files.UploadAsync(new MemoryStream(Report), "application/pdf", "report.pdf", cancellationToken: Token);
        ChatMessage question = new(ChatRole.User, [new TextContent("What is in this document?"), file]);

        var answer = streaming
            ? string.Concat(await session.Client.GetStreamingResponseAsync([question], cancellationToken: Token).Select(u => u.Text).ToListAsync(Token))
            : (await session.Client.GetResponseAsync([question], cancellationToken: Token)).Text;

        Assert.Equal("You asked: \"What is in this document?\" You attached the file report.pdf, 5,120 bytes, application/pdf. (Offline Runflow emulator: a deterministic stand-in, not a language model.)", answer);
        Assert.Contains($$$"""{"type":"file","file":{"file_id":"{{{file.FileId}}}"}}""", session.Emulator.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("relatório trimestral.pdf")]
    [InlineData("Q3 \"final\".pdf")]
    [InlineData(@"C:\reports\q3.pdf")]
    [InlineData("報告 🚀.pdf")]
    public async Task UploadAsync_AnyFileName_ArrivesAsItWasGiven(string fileName)
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);

        var file = await client.UploadAsync(new MemoryStream(Report), "application/pdf", fileName, cancellationToken: Token);

        Assert.True(session.Emulator.Files.TryGet(file.FileId, out var stored));
        Assert.Equal(fileName, stored.Upload.FileName);
        Assert.Equal(fileName, file.Name);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_ProviderAndPurpose_ReachTheEmulator()
    {
        await using var session = await EmulatorSession.StartAsync(configure: o => { o.Provider = "anthropic"; o.ProviderName = "Claude EU"; }, cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);

        var file = await client.UploadAsync(
            new MemoryStream(Report), "application/pdf", "report.pdf", new HostedFileClientOptions { Purpose = "assistants" }, Token);

        Assert.True(session.Emulator.Files.TryGet(file.FileId, out var stored));
        Assert.Equal(("anthropic", "Claude EU", "assistants"), (stored.Upload.Provider, stored.Upload.ProviderName, stored.Upload.Purpose));
        Assert.Equal(("anthropic", "assistants"), (file.AdditionalProperties?["provider"], file.Purpose));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_FileFromDisk_IsSentWhole()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);
        var path = Path.Combine(Path.GetTempPath(), $"runflow-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, Report, Token);
        try
        {
            var file = await client.UploadAsync(path, cancellationToken: Token);

            Assert.True(session.Emulator.Files.TryGet(file.FileId, out var stored));
            Assert.Equal(Report, stored.Upload.Content);
            Assert.Equal(Path.GetFileName(path), stored.Upload.FileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_RateLimited_ThrowsWithRetryAfterAndKeepsNothing()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);
        session.Emulator.Enqueue(RunflowEmulatorReply.TooManyRequests(TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.UploadAsync(new MemoryStream(Report), "application/pdf", "report.pdf", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Equal(0, session.Emulator.Files.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_DroppedConnection_ThrowsRunflowException()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);
        session.Emulator.Enqueue(RunflowEmulatorReply.DroppedConnection(bytesBeforeDrop: 12));

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.UploadAsync(new MemoryStream(Report), "application/pdf", "report.pdf", cancellationToken: Token));

        Assert.Null(error.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UploadAsync_OverTheEmulatorsBodyLimit_Throws413()
    {
        await using var session = await EmulatorSession.StartAsync(new RunflowEmulatorOptions { MaxRequestBodySize = 4096 }, cancellationToken: Token);
        using var client = new RunflowHostedFileClient(session.Options);

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.UploadAsync(new MemoryStream(Report), "application/pdf", "report.pdf", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
    }
}
