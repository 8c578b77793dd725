#pragma warning disable MEAI001 // IHostedFileClient is experimental in Microsoft.Extensions.AI; this class is marked experimental with the same id.
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>
/// An <see cref="IHostedFileClient"/> over Runflow's file-upload endpoint (<c>POST /api/v1/runtime/v1/files</c>): the
/// file goes to the provider's own file store, and the <see cref="HostedFileContent"/> that comes back references it in
/// a later chat message.
/// </summary>
/// <remarks>
/// <para>It shares <see cref="RunflowClientOptions"/>, errors and HTTP behaviour with <see cref="RunflowChatClient"/>. The
/// form carries <c>provider</c> and <c>providerName</c> from <see cref="RunflowClientOptions.Provider"/> and
/// <see cref="RunflowClientOptions.ProviderName"/> (so the file lands where chat will read it), and <c>purpose</c> from
/// <see cref="HostedFileClientOptions.Purpose"/>, <c>user_data</c> when it is not set. The keys <c>provider</c>,
/// <c>providerName</c> and <c>purpose</c> of <see cref="HostedFileClientOptions.AdditionalProperties"/> override them;
/// any other key is sent as a form field of its own.</para>
/// <para>Runflow documents only uploads: downloading, listing, reading and deleting files throw
/// <see cref="NotSupportedException"/>.</para>
/// <para>Failures: <see cref="RunflowException"/> for every HTTP, transport, timeout or body failure;
/// <see cref="OperationCanceledException"/> when the caller cancels; <see cref="ArgumentException"/> before sending, for
/// an empty file, a missing file name or a media type that is not one.</para>
/// </remarks>
[Experimental("MEAI001", UrlFormat = "https://aka.ms/dotnet-extensions-warnings/{0}")]
public sealed class RunflowHostedFileClient : IHostedFileClient
{
    private const string ProviderName = "runflow";

    private readonly RunflowTransport _transport;
    private readonly RunflowClientOptions _options;
    private readonly Uri _filesUri;
    private readonly HostedFileClientMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="RunflowHostedFileClient"/> class.</summary>
    /// <param name="options">Where Runflow is and the upload defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowHostedFileClient(RunflowClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, timeProvider: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowHostedFileClient"/> class with a clock.</summary>
    /// <param name="options">Where Runflow is and the upload defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <param name="timeProvider">The clock for <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowHostedFileClient(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider)
    {
        _transport = new RunflowTransport(options, httpClient, timeProvider);
        _options = _transport.Options;
        _filesUri = new Uri(_options.Endpoint, _options.FilesPath);
        _metadata = new HostedFileClientMetadata(ProviderName, _options.Endpoint);
    }

    /// <summary>Uploads a file to the provider through Runflow.</summary>
    /// <param name="content">The file's bytes, from the stream's position to its end; a stream that cannot seek is read
    /// into memory first. The stream is not disposed.</param>
    /// <param name="mediaType">The file's media type; <c>application/octet-stream</c> when <see langword="null"/>.</param>
    /// <param name="fileName">The file's name; required, since providers tell a file's type by it.</param>
    /// <param name="options">The purpose and per-call fields.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The uploaded file: its <see cref="HostedFileContent.FileId"/>, media type, name, size and purpose, and its
    /// provider under the <c>provider</c> key of <see cref="AIContent.AdditionalProperties"/> when Runflow reports one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The file is empty or unreadable, the file name is missing or holds a control
    /// character, or <paramref name="mediaType"/> is not a media type.</exception>
    /// <exception cref="NotSupportedException"><see cref="HostedFileClientOptions.Scope"/> is set.</exception>
    /// <exception cref="RunflowException">The upload failed.</exception>
    public async Task<HostedFileContent> UploadAsync(
        Stream content, string? mediaType = null, string? fileName = null, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(content);
        var sentType = RunflowFileMapper.Validate(mediaType, fileName, options);
        var fields = RunflowFileMapper.ToFields(options, _options);
        cancellationToken.ThrowIfCancellationRequested();

        var file = await RunflowUploadContent.CreateAsync(content, cancellationToken).ConfigureAwait(false);
        if (file.Length == 0)
        {
            file.Dispose();
            throw new ArgumentException($"The file '{fileName}' is empty; Runflow's providers refuse empty files.", nameof(content));
        }

        // Disposing twice is harmless: the request disposes its content too.
        using var body = RunflowFileMapper.ToMultipart(fields, file, sentType, fileName!);
        var purpose = RunflowFileMapper.PurposeOf(fields);
        return await _transport.PostAsync(
            _filesUri,
            body,
            RunflowJsonContext.Default.RunflowFileResponse,
            "a file reference",
            answer => RunflowFileMapper.ToHostedFileContent(answer, sentType, fileName!, file.Length, purpose),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Not supported: Runflow's runtime API documents no endpoint to download a file.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task<HostedFileDownloadStream> DownloadAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(fileId);
        throw NotSupported("downloading a file");
    }

    /// <summary>Not supported: Runflow's runtime API documents no endpoint to read a file's details.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task<HostedFileContent?> GetFileInfoAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(fileId);
        throw NotSupported("reading a file's details");
    }

    /// <summary>Not supported: Runflow's runtime API documents no endpoint to list files.</summary>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IAsyncEnumerable<HostedFileContent> ListFilesAsync(HostedFileClientOptions? options = null, CancellationToken cancellationToken = default) =>
        throw NotSupported("listing files");

    /// <summary>Not supported: Runflow's runtime API documents no endpoint to delete a file.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task<bool> DeleteAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(fileId);
        throw NotSupported("deleting a file");
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        RunflowClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private static NotSupportedException NotSupported(string operation) =>
        new($"Runflow does not support {operation}: its runtime API documents only uploads (POST {RunflowClientOptions.DefaultFilesPath}). Use the provider's own API for the file's other operations.");
}
