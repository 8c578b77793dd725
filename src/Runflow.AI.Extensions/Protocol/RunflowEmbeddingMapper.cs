using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps embedding generation options to a Runflow embeddings request, and its response back.</summary>
internal static class RunflowEmbeddingMapper
{
    private static readonly RunflowAdditionalFields<RunflowEmbeddingRequest> Fields = new(
        RunflowJsonContext.Default.RunflowEmbeddingRequest,
        nameof(EmbeddingGenerationOptions),
        RunflowChatOptionsExtensions.ProviderKey, RunflowChatOptionsExtensions.ProviderNameKey);

    /// <summary>Builds the request for one batch of inputs.</summary>
    /// <exception cref="ArgumentException">AdditionalProperties tries to replace the inputs.</exception>
    public static RunflowEmbeddingRequest ToRunflowRequest(
        IReadOnlyList<string> batch, EmbeddingGenerationOptions? options, RunflowClientOptions client)
    {
        var request = new RunflowEmbeddingRequest
        {
            Input = batch,
            Model = options?.ModelId ?? client.DefaultEmbeddingModelId,
            Provider = client.EmbeddingProvider,
            Dimensions = options?.Dimensions ?? client.EmbeddingDimensions,
        };

        if (options?.AdditionalProperties is { Count: > 0 } additional)
        {
            request.AdditionalProperties = Fields.Apply(request, additional, TakeRunflowKey);
        }

        return request;
    }

    private static bool TakeRunflowKey(RunflowEmbeddingRequest request, string key, object? value) =>
        key == "input"
            ? throw new ArgumentException("The inputs are the values passed to GenerateAsync; AdditionalProperties cannot replace them.", "options")
            : false;

    /// <summary>Unwraps an envelope; <see langword="null"/> when the envelope reports a failure.</summary>
    public static RunflowEmbeddingResponse? Unwrap(RunflowEmbeddingResponse response) =>
        response.Success == false ? null : response.Data?.Wrapped is { } wrapped ? Unwrap(wrapped) : response;

    /// <summary>Reads the vectors of one batch, ordered by <c>index</c> when the server gives one.</summary>
    /// <exception cref="InvalidDataException">The response holds a different number of vectors than inputs, or an empty one.</exception>
    public static IReadOnlyList<float[]> ReadVectors(RunflowEmbeddingResponse response, int expected)
    {
        List<float[]> vectors;
        if (response.Data?.Items is { } items)
        {
            if (items.Contains(null!))
            {
                throw new InvalidDataException("An item of 'data' is null.");
            }

            var ordered = items.Any(item => item.Index is not null) ? items.OrderBy(item => item.Index ?? int.MaxValue).ToList() : items;
            vectors = ordered.Select(item => item.Embedding ?? throw new InvalidDataException("An embeddings item has no 'embedding'.")).ToList();
        }
        else
        {
            vectors = response.Embeddings ?? throw new InvalidDataException("The response has neither 'data' nor 'embeddings'.");
            if (vectors.Contains(null!))
            {
                throw new InvalidDataException("An item of 'embeddings' is null.");
            }
        }

        if (vectors.Count != expected)
        {
            throw new InvalidDataException($"Runflow returned {vectors.Count} embeddings for {expected} inputs.");
        }

        return vectors;
    }
}
