using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Validates a message's <c>content</c> as the service does: a string, null, or an array of OpenAI-style parts
/// (<c>text</c>, <c>image_url</c>, <c>file</c>, <c>file_url</c>); every failure is a message naming the part.
/// </summary>
internal static class RunflowEmulatorContentParser
{
    private static readonly string[] s_partTypes = ["text", "image_url", "file", "file_url"];

    /// <summary>Reads one message's content.</summary>
    /// <param name="node">The <c>content</c> member.</param>
    /// <param name="role">The message's role: only user messages may carry images and files, as in OpenAI's format.</param>
    /// <param name="field">Where the content is, such as <c>messages[0].content</c>, to name it in an error.</param>
    /// <param name="text">The text: the string, or the text parts joined by new lines; <see langword="null"/> when there is none.</param>
    /// <param name="parts">The parts, in order; empty when the content is a string or null.</param>
    /// <param name="error">The validation message, when the content is invalid.</param>
    /// <returns><see langword="true"/> when the content is valid.</returns>
    public static bool TryRead(
        JsonNode? node,
        string role,
        string field,
        out string? text,
        out IReadOnlyList<RunflowEmulatorContentPart> parts,
        [NotNullWhen(false)] out string? error)
    {
        text = null;
        parts = [];
        error = null;
        switch (node)
        {
            case null:
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                text = value.GetValue<string>();
                return true;
            case JsonArray array:
                var read = new List<RunflowEmulatorContentPart>(array.Count);
                var joined = new StringBuilder();
                for (int i = 0; i < array.Count; i++)
                {
                    if (!TryReadPart(array[i], role, $"{field}[{i}]", out RunflowEmulatorContentPart? part, out error))
                    {
                        return false;
                    }

                    if (part.Text is { } partText)
                    {
                        joined.Append(joined.Length > 0 ? "\n" : string.Empty).Append(partText);
                    }

                    read.Add(part);
                }

                text = joined.ToString();
                parts = read;
                return true;
            default:
                error = $"{field} must be a string, an array of content parts, or null.";
                return false;
        }
    }

    private static bool TryReadPart(JsonNode? node, string role, string field, [NotNullWhen(true)] out RunflowEmulatorContentPart? part, [NotNullWhen(false)] out string? error)
    {
        part = null;
        if (node is not JsonObject item || item["type"] is not JsonValue typeNode || typeNode.GetValueKind() != JsonValueKind.String)
        {
            error = $"{field} must be an object with a type.";
            return false;
        }

        string type = typeNode.GetValue<string>();
        if (!s_partTypes.Contains(type, StringComparer.Ordinal))
        {
            error = $"{field}.type '{type}' is not supported; expected one of: {string.Join(", ", s_partTypes)}.";
            return false;
        }

        if (type == "text")
        {
            if (item["text"] is not JsonValue textNode || textNode.GetValueKind() != JsonValueKind.String)
            {
                error = $"{field}.text must be a string.";
                return false;
            }

            part = new RunflowEmulatorContentPart { Type = type, Text = textNode.GetValue<string>() };
            error = null;
            return true;
        }

        if (role != "user")
        {
            error = $"{field} is a {type} part, which only user messages carry.";
            return false;
        }

        if (type == "file")
        {
            if (!TryGetString(item["file"], "file_id", out string? fileId))
            {
                error = $"{field}.file.file_id is required.";
                return false;
            }

            part = new RunflowEmulatorContentPart { Type = type, FileId = fileId };
            error = null;
            return true;
        }

        string urlField = $"{field}.{type}.url";
        if (!TryGetString(item[type], "url", out string? url))
        {
            error = $"{urlField} is required.";
            return false;
        }

        if (RunflowEmulatorDataUri.IsDataUri(url))
        {
            if (!RunflowEmulatorDataUri.TryRead(type, url, out part, out string? problem))
            {
                error = $"{urlField} is not a valid data URI: {problem}.";
                return false;
            }

            if (type == "image_url" && !part.MediaType!.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                error = $"{urlField} is a data URI of {part.MediaType}, not an image; send files as file_url parts.";
                part = null;
                return false;
            }

            error = null;
            return true;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
        {
            error = $"{urlField} must be an http or https URL or a data URI.";
            return false;
        }

        part = new RunflowEmulatorContentPart { Type = type, Link = url };
        error = null;
        return true;
    }

    private static bool TryGetString(JsonNode? owner, string name, [NotNullWhen(true)] out string? value)
    {
        value = owner is JsonObject obj && obj[name] is JsonValue node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return !string.IsNullOrWhiteSpace(value);
    }
}
