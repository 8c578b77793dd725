#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI; this class is marked experimental with the same id.
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>
/// An <see cref="IImageGenerator"/> over Runflow's image-generation endpoint (<c>POST /api/v1/runtime/v1/images/generate</c>).
/// </summary>
/// <remarks>
/// <para>It shares <see cref="RunflowClientOptions"/>, errors and HTTP behaviour with <see cref="RunflowChatClient"/>. The
/// provider is <see cref="RunflowClientOptions.ImageProvider"/> (<c>openai</c>, <c>azure</c> or <c>bedrock</c>; Runflow's
/// default, <c>openai</c>, when not set) and the model <see cref="ImageGenerationOptions.ModelId"/>, else
/// <see cref="RunflowClientOptions.DefaultImageModelId"/>, else Runflow's default, <c>dall-e-3</c>.</para>
/// <para><see cref="ImageGenerationOptions.ImageSize"/> must be one of Runflow's sizes (256x256, 512x512, 1024x1024,
/// 1792x1024, 1024x1792) and <see cref="ImageGenerationOptions.Count"/> from 1 to 4. The keys <c>quality</c>
/// (<c>standard</c>, <c>hd</c>), <c>style</c> (<c>vivid</c>, <c>natural</c>), <c>provider</c> and <c>providerName</c> of
/// <see cref="ImageGenerationOptions.AdditionalProperties"/> set those fields; any other key travels as a top-level
/// field of its own. Runflow takes no response format or output media type, so
/// <see cref="ImageGenerationOptions.ResponseFormat"/> is not sent, and <see cref="ImageGenerationOptions.MediaType"/>
/// only names images whose bytes or URL do not tell their type (<c>image/png</c> when it is not set).</para>
/// <para>Each image comes back as a <see cref="DataContent"/> when Runflow sends its bytes, with the media type read from
/// them (PNG, JPEG, GIF or WebP), or as a <see cref="UriContent"/> when it sends a URL.</para>
/// <para>Failures: <see cref="RunflowException"/> for every HTTP, transport, timeout or body failure;
/// <see cref="OperationCanceledException"/> when the caller cancels; <see cref="ArgumentException"/>,
/// <see cref="ArgumentOutOfRangeException"/> and <see cref="NotSupportedException"/> (image edits) before sending.</para>
/// </remarks>
[Experimental("MEAI001", UrlFormat = "https://aka.ms/dotnet-extensions-warnings/{0}")]
public sealed class RunflowImageGenerator : IImageGenerator
{
    private const string ProviderName = "runflow";

    private readonly RunflowTransport _transport;
    private readonly RunflowClientOptions _options;
    private readonly Uri _imagesUri;
    private readonly ImageGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="RunflowImageGenerator"/> class.</summary>
    /// <param name="options">Where Runflow is and the image defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowImageGenerator(RunflowClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, timeProvider: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowImageGenerator"/> class with a clock.</summary>
    /// <param name="options">Where Runflow is and the image defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <param name="timeProvider">The clock for <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowImageGenerator(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider)
    {
        _transport = new RunflowTransport(options, httpClient, timeProvider);
        _options = _transport.Options;
        _imagesUri = new Uri(_options.Endpoint, _options.ImagesPath);
        _metadata = new ImageGeneratorMetadata(ProviderName, _options.Endpoint, _options.DefaultImageModelId);
    }

    /// <inheritdoc />
    public async Task<ImageGenerationResponse> GenerateAsync(
        ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        var body = RunflowImageMapper.ToRunflowRequest(request, options, _options);
        cancellationToken.ThrowIfCancellationRequested();
        return await _transport.PostAsync(
            _imagesUri,
            RunflowJsonContent.Create(body, RunflowJson.BodyContext.RunflowImageRequest, body.AdditionalProperties),
            RunflowJsonContext.Default.RunflowImageResponse,
            "an image-generation response",
            answer => RunflowImageMapper.FromRunflowResponse(answer, options),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        RunflowClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
