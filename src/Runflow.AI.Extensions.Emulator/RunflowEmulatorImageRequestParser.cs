using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Validates an image-generation request body as the service does and reduces it to a
/// <see cref="RunflowEmulatorImageRequest"/>; every failure is a message naming the offending field, answered with HTTP 400.
/// </summary>
internal static class RunflowEmulatorImageRequestParser
{
    private static readonly string[] s_providers = ["openai", "azure", "bedrock"];
    private static readonly string[] s_sizes = ["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792"];
    private static readonly string[] s_qualities = ["standard", "hd"];
    private static readonly string[] s_styles = ["vivid", "natural"];

    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorImageRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!RunflowEmulatorRequestParser.TryParseObject(body, out JsonObject? obj, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "prompt", out string? prompt, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "model", out string? model, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "providerName", out _, out error) ||
            !TryGetChoice(obj, "provider", s_providers, out string? provider, out error) ||
            !TryGetChoice(obj, "size", s_sizes, out string? size, out error) ||
            !TryGetChoice(obj, "quality", s_qualities, out _, out error) ||
            !TryGetChoice(obj, "style", s_styles, out _, out error) ||
            !TryParseCount(obj, out int? count, out error))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(prompt))
        {
            error = "prompt is required: a non-blank string describing the image.";
            return false;
        }

        if (prompt.Length > RunflowEmulatorImageRequest.MaxPromptLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"prompt must be at most {RunflowEmulatorImageRequest.MaxPromptLength} characters; it has {prompt.Length}.");
            return false;
        }

        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            error = $"model must not be blank; leave it out for the default, {RunflowEmulatorImageRequest.DefaultModel}.";
            return false;
        }

        string[] dimensions = (size ?? RunflowEmulatorImageRequest.DefaultSize).Split('x');
        request = new RunflowEmulatorImageRequest
        {
            Prompt = prompt,
            Provider = provider ?? RunflowEmulatorImageRequest.DefaultProvider,
            Model = model ?? RunflowEmulatorImageRequest.DefaultModel,
            Width = int.Parse(dimensions[0], CultureInfo.InvariantCulture),
            Height = int.Parse(dimensions[1], CultureInfo.InvariantCulture),
            Count = count ?? 1,
        };
        return true;
    }

    private static bool TryGetChoice(JsonObject obj, string name, string[] choices, out string? value, [NotNullWhen(false)] out string? error)
    {
        if (!RunflowEmulatorRequestParser.TryGetOptionalString(obj, name, out value, out error))
        {
            return false;
        }

        if (value is not null && !choices.Contains(value, StringComparer.Ordinal))
        {
            error = $"{name} '{value}' is not supported for images; expected one of: {string.Join(", ", choices)}.";
            return false;
        }

        return true;
    }

    private static bool TryParseCount(JsonObject obj, out int? count, [NotNullWhen(false)] out string? error)
    {
        count = null;
        error = null;
        JsonNode? node = obj["n"];
        if (node is null)
        {
            return true;
        }

        double value = node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out double number) ? number : double.NaN;
        if (value != Math.Floor(value) || value < 1 || value > RunflowEmulatorImageRequest.MaxCount)
        {
            error = $"n must be an integer from 1 to {RunflowEmulatorImageRequest.MaxCount}; it was {node.ToJsonString()}.";
            return false;
        }

        count = (int)value;
        return true;
    }
}
