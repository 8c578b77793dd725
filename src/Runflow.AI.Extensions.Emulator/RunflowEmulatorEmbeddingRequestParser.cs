using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Validates an embeddings request body as the service does and reduces it to a
/// <see cref="RunflowEmulatorEmbeddingRequest"/>; every failure is a message naming the offending field, answered
/// with HTTP 400.
/// </summary>
internal static class RunflowEmulatorEmbeddingRequestParser
{
    private static readonly string[] s_providers = ["openai", "azure_openai", "cohere"];

    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorEmbeddingRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!RunflowEmulatorRequestParser.TryParseObject(body, out JsonObject? obj, out error))
        {
            return false;
        }

        if (!TryParseInput(obj, out List<string>? inputs, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "model", out string? model, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "provider", out string? provider, out error) ||
            !RunflowEmulatorRequestParser.TryGetOptionalString(obj, "providerName", out _, out error) ||
            !TryParseDimensions(obj, out int? dimensions, out error))
        {
            return false;
        }

        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            error = "model must not be blank; leave it out for the default, text-embedding-3-small.";
            return false;
        }

        if (provider is not null && !s_providers.Contains(provider, StringComparer.Ordinal))
        {
            error = $"provider '{provider}' is not supported for embeddings; expected one of: {string.Join(", ", s_providers)}.";
            return false;
        }

        request = new RunflowEmulatorEmbeddingRequest
        {
            Inputs = inputs,
            Model = model ?? RunflowEmulatorEmbeddingRequest.DefaultModel,
            Dimensions = dimensions ?? RunflowEmulatorEmbeddingRequest.DefaultDimensions,
        };
        return true;
    }

    private static bool TryParseInput(JsonObject obj, [NotNullWhen(true)] out List<string>? inputs, [NotNullWhen(false)] out string? error)
    {
        inputs = null;
        switch (obj["input"])
        {
            case null:
                error = "input is required: a string or a non-empty array of strings.";
                return false;
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                inputs = [single.GetValue<string>()];
                error = null;
                return true;
            case JsonArray array:
                if (array.Count == 0)
                {
                    error = "input must contain at least one string.";
                    return false;
                }

                if (array.Count > RunflowEmulatorEmbeddingRequest.MaxInputs)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"input must contain at most {RunflowEmulatorEmbeddingRequest.MaxInputs} strings; it has {array.Count}.");
                    return false;
                }

                inputs = new List<string>(array.Count);
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
                    {
                        error = $"input[{i}] must be a string.";
                        return false;
                    }

                    inputs.Add(item.GetValue<string>());
                }

                error = null;
                return true;
            default:
                error = "input must be a string or a non-empty array of strings.";
                return false;
        }
    }

    private static bool TryParseDimensions(JsonObject obj, out int? dimensions, [NotNullWhen(false)] out string? error)
    {
        dimensions = null;
        error = null;
        JsonNode? node = obj["dimensions"];
        if (node is null)
        {
            return true;
        }

        string message = $"dimensions must be an integer from 1 to {RunflowEmulatorEmbeddingRequest.MaxDimensions}; it was {node.ToJsonString()}.";
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            error = message;
            return false;
        }

        double value = node.GetValue<double>();
        if (value != Math.Floor(value) || value < 1 || value > RunflowEmulatorEmbeddingRequest.MaxDimensions)
        {
            error = message;
            return false;
        }

        dimensions = (int)value;
        return true;
    }
}
