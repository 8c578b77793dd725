using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads an embeddings request body (checked against <c>Schemas/embeddings-request.schema.json</c>) into a
/// <see cref="RunflowEmulatorEmbeddingRequest"/>; every failure is a message naming the offending field, answered
/// with HTTP 400.
/// </summary>
internal static class RunflowEmulatorEmbeddingRequestParser
{
    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorEmbeddingRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.Embeddings, RunflowEmulatorWireContext.Default.RunflowEmulatorEmbeddingRequestDto, out RunflowEmulatorEmbeddingRequestDto? dto, out error))
        {
            return false;
        }

        request = new RunflowEmulatorEmbeddingRequest
        {
            Inputs = dto.Input.ValueKind == JsonValueKind.String ? [dto.Input.GetString()!] : [.. dto.Input.EnumerateArray().Select(i => i.GetString()!)],
            Model = dto.Model ?? RunflowEmulatorEmbeddingRequest.DefaultModel,
            Dimensions = dto.Dimensions is { } dimensions ? (int)dimensions : RunflowEmulatorEmbeddingRequest.DefaultDimensions,
            HasDimensions = dto.Dimensions is not null,
        };
        return true;
    }
}
