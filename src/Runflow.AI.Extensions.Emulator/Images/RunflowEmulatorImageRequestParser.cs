using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads an image-generation request body (checked against <c>Schemas/images-generate-request.schema.json</c>) into a
/// <see cref="RunflowEmulatorImageRequest"/>; every failure is a message naming the offending field, answered with HTTP 400.
/// </summary>
internal static class RunflowEmulatorImageRequestParser
{
    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorImageRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.Images, RunflowEmulatorWireContext.Default.RunflowEmulatorImageRequestDto, out RunflowEmulatorImageRequestDto? dto, out error))
        {
            return false;
        }

        string[] dimensions = (dto.Size ?? RunflowEmulatorImageRequest.DefaultSize).Split('x');
        request = new RunflowEmulatorImageRequest
        {
            Prompt = dto.Prompt,
            Provider = dto.Provider ?? RunflowEmulatorImageRequest.DefaultProvider,
            Model = dto.Model ?? RunflowEmulatorImageRequest.DefaultModel,
            Width = int.Parse(dimensions[0], CultureInfo.InvariantCulture),
            Height = int.Parse(dimensions[1], CultureInfo.InvariantCulture),
            Count = dto.N is { } count ? (int)count : 1,
        };
        return true;
    }
}
