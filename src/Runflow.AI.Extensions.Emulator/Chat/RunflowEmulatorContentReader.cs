using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads a message's schema-checked <c>content</c> (a string, null, or OpenAI-style parts) with the checks the
/// schema cannot make: which roles may carry images and files, and what a URL or <c>data:</c> URI holds.
/// </summary>
internal static class RunflowEmulatorContentReader
{
    /// <summary>Reads one message's content.</summary>
    /// <param name="content">The <c>content</c> member, already checked against the schema.</param>
    /// <param name="role">The message's role: only user messages may carry images and files, as in OpenAI's format.</param>
    /// <param name="field">Where the content is, such as <c>messages[0].content</c>, to name it in an error.</param>
    /// <param name="text">The text: the string, or the text parts joined by new lines; <see langword="null"/> when there is none.</param>
    /// <param name="parts">The parts, in order; empty when the content is a string or null.</param>
    /// <param name="error">The validation message, when the content is invalid.</param>
    /// <returns><see langword="true"/> when the content is valid.</returns>
    public static bool TryRead(
        JsonElement? content,
        string role,
        string field,
        out string? text,
        out IReadOnlyList<RunflowEmulatorContentPart> parts,
        [NotNullWhen(false)] out string? error)
    {
        text = content is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
        parts = [];
        error = null;
        if (content is not { ValueKind: JsonValueKind.Array } array)
        {
            return true;
        }

        IReadOnlyList<RunflowEmulatorContentPartDto> items = array.Deserialize(RunflowEmulatorWireContext.Default.IReadOnlyListRunflowEmulatorContentPartDto)!;
        var read = new List<RunflowEmulatorContentPart>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (!TryReadPart(items[i], role, $"{field}[{i}]", out RunflowEmulatorContentPart? part, out error))
            {
                return false;
            }

            read.Add(part);
        }

        // Empty texts add no line of their own.
        text = string.Join("\n", read.Where(p => !string.IsNullOrEmpty(p.Text)).Select(p => p.Text));
        parts = read;
        return true;
    }

    private static bool TryReadPart(RunflowEmulatorContentPartDto item, string role, string field, [NotNullWhen(true)] out RunflowEmulatorContentPart? part, [NotNullWhen(false)] out string? error)
    {
        part = null;
        error = null;
        if (item.Type == "text")
        {
            part = new RunflowEmulatorContentPart { Type = item.Type, Text = item.Text };
            return true;
        }

        if (role != "user")
        {
            error = $"{field} is a {item.Type} part, which only user messages carry.";
            return false;
        }

        if (item.Type == "file")
        {
            part = new RunflowEmulatorContentPart { Type = item.Type, FileId = item.File!.FileId };
            return true;
        }

        string url = (item.Type == "image_url" ? item.ImageUrl : item.FileUrl)!.Url;
        string urlField = $"{field}.{item.Type}.url";
        if (RunflowEmulatorDataUri.IsDataUri(url))
        {
            if (!RunflowEmulatorDataUri.TryRead(item.Type, url, out part, out string? problem))
            {
                error = $"{urlField} is not a valid data URI: {problem}.";
                return false;
            }

            if (item.Type == "image_url" && !part.MediaType!.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                error = $"{urlField} is a data URI of {part.MediaType}, not an image; send files as file_url parts.";
                part = null;
                return false;
            }

            return true;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
        {
            error = $"{urlField} must be an http or https URL or a data URI.";
            return false;
        }

        part = new RunflowEmulatorContentPart { Type = item.Type, Link = url };
        return true;
    }
}
