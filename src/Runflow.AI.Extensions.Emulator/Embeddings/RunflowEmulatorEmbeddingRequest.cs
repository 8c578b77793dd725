namespace Runflow.AI.Extensions.Emulator;

/// <summary>A validated embeddings request, reduced to what the emulator's embedding model uses.</summary>
internal sealed class RunflowEmulatorEmbeddingRequest
{
    /// <summary>The model used when the request names none, as on the service.</summary>
    public const string DefaultModel = "text-embedding-3-small";

    /// <summary>The vector length used when the request sets no <c>dimensions</c>: that of <see cref="DefaultModel"/>.</summary>
    public const int DefaultDimensions = 1536;

    /// <summary>The largest <c>dimensions</c> the emulator accepts.</summary>
    public const int MaxDimensions = 4096;

    /// <summary>
    /// The most texts one request may embed, as on OpenAI: 32 MiB of empty strings would otherwise ask for millions of
    /// vectors, gigabytes of answer.
    /// </summary>
    public const int MaxInputs = 2048;

    /// <summary>Gets the texts to embed, in order, never empty; a text may be empty.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Gets the model name, echoed in the answer.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>Gets the length of every vector, from 1 to <see cref="MaxDimensions"/>.</summary>
    public int Dimensions { get; init; } = DefaultDimensions;

    /// <summary>Gets a value indicating whether the request set <c>dimensions</c>, which gateway mode passes on only then.</summary>
    public bool HasDimensions { get; init; }
}
