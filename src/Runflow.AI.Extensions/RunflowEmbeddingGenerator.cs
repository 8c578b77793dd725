using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Runflow's embeddings endpoint
/// (<c>POST /api/v1/runtime/v1/embeddings</c>), for Semantic Kernel and Microsoft.Extensions.AI retrieval.
/// </summary>
/// <remarks>
/// <para>It shares <see cref="RunflowClientOptions"/>, errors and HTTP behaviour with <see cref="RunflowChatClient"/>.
/// The endpoint needs a tenant: <see cref="RunflowClientOptions.TenantId"/> when it is set, otherwise the tenant of the
/// key, learned from <see cref="RunflowClientOptions.DiscoverPath"/> on the first call and kept for the generator's
/// lifetime (concurrent first calls share one discovery; a failed one is tried again on the next call). Inputs beyond
/// <see cref="RunflowClientOptions.MaxEmbeddingBatchSize"/> are split into several requests, sent one after another,
/// and the embeddings come back in input order.</para>
/// <para>Usage adds up over the requests, in <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>; the request ids
/// Runflow answered with are in <see cref="GeneratedEmbeddings{TEmbedding}.AdditionalProperties"/> under
/// <see cref="RunflowResponseProperties.RequestId"/>.</para>
/// <para>Failures: <see cref="RunflowException"/> for every HTTP, transport, timeout or body failure, and for a failed
/// tenant discovery (its message names the tenant option); <see cref="OperationCanceledException"/> when the caller cancels.</para>
/// </remarks>
public sealed class RunflowEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string ProviderName = "runflow";

    private readonly RunflowTransport _transport;
    private readonly RunflowClientOptions _options;
    private readonly Uri _embeddingsUri;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmbeddingGenerator"/> class.</summary>
    /// <param name="options">Where Runflow is, the tenant if known, and the embedding defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowEmbeddingGenerator(RunflowClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, timeProvider: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunflowEmbeddingGenerator"/> class with a clock.</summary>
    /// <param name="options">Where Runflow is, the tenant if known, and the embedding defaults; copied and validated here.</param>
    /// <param name="httpClient">The client to send with; when <see langword="null"/>, the instance creates and owns one.</param>
    /// <param name="timeProvider">The clock for <see cref="Embedding.CreatedAt"/>; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or invalid; the message names it.</exception>
    public RunflowEmbeddingGenerator(RunflowClientOptions options, HttpClient? httpClient, TimeProvider? timeProvider)
    {
        _transport = new RunflowTransport(options, httpClient, timeProvider, static o => o.RequireEmbeddingSettings());
        _options = _transport.Options;
        _embeddingsUri = new Uri(_options.Endpoint, _options.EmbeddingsPath);
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, _options.Endpoint, _options.DefaultEmbeddingModelId, _options.EmbeddingDimensions);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        if (inputs.Count == 0)
        {
            return result;
        }

        var tenantId = await _transport.GetTenantIdAsync(cancellationToken).ConfigureAwait(false);
        string? requestIds = null;
        for (var start = 0; start < inputs.Count; start += _options.MaxEmbeddingBatchSize)
        {
            var batch = Slice(inputs, start, Math.Min(_options.MaxEmbeddingBatchSize, inputs.Count - start));
            var request = RunflowEmbeddingMapper.ToRunflowRequest(batch, options, _options);
            var response = await SendAsync(request, tenantId, cancellationToken).ConfigureAwait(false);
            var createdAt = _transport.TimeProvider.GetUtcNow();
            foreach (var vector in response.Vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = response.Model ?? request.Model, CreatedAt = createdAt });
            }

            if (RunflowResponseMapper.ToUsage(response.Usage) is { } usage)
            {
                if (result.Usage is null)
                {
                    result.Usage = usage;
                }
                else
                {
                    result.Usage.Add(usage);
                }
            }

            if (response.RequestId is { } requestId)
            {
                requestIds = requestIds is null ? requestId : $"{requestIds},{requestId}";
            }
        }

        result.AdditionalProperties = RunflowResponseMapper.WithRequestId(null, requestIds);
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        RunflowClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private static IReadOnlyList<string> Slice(IReadOnlyList<string> inputs, int start, int count)
    {
        if (start == 0 && count == inputs.Count)
        {
            return inputs;
        }

        var slice = new string[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = inputs[start + i];
        }

        return slice;
    }

    private async Task<(IReadOnlyList<float[]> Vectors, string? Model, RunflowUsage? Usage, string? RequestId)> SendAsync(
        RunflowEmbeddingRequest request, string tenantId, CancellationToken cancellationToken)
    {
        using var timeout = _transport.StartTimeout(cancellationToken);
        using var httpRequest = _transport.CreateRequest(
            _embeddingsUri, RunflowJsonContent.Create(request, RunflowJson.BodyContext.RunflowEmbeddingRequest, request.AdditionalProperties), "application/json", tenantId);
        using var response = await _transport.SendAsync(httpRequest, timeout.Source, cancellationToken).ConfigureAwait(false);
        var body = await _transport.ReadJsonAsync(
            response, RunflowJsonContext.Default.RunflowEmbeddingResponse, timeout.Source, cancellationToken, "an embeddings response").ConfigureAwait(false);
        var unwrapped = RunflowEmbeddingMapper.Unwrap(body)
            ?? throw RunflowErrors.FromFailedEnvelope(response, body.Error, body.Message, _options.ApiKey!, _transport.TimeProvider);

        try
        {
            return (RunflowEmbeddingMapper.ReadVectors(unwrapped, request.Input.Count), unwrapped.Model, unwrapped.Usage, _transport.ReadRequestId(response));
        }
        catch (InvalidDataException ex)
        {
            throw new RunflowException($"Runflow answered {(int)response.StatusCode} with an embeddings response that cannot be used: {ex.Message}", response.StatusCode, innerException: ex);
        }
    }
}
