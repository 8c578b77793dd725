using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The sentences the model answers with in plain text: what the user sent, or what the tools returned, and once per
/// conversation a note that the answer comes from the offline emulator.
/// </summary>
internal static class RunflowEmulatorAnswerText
{
    /// <summary>The note the first answer of a conversation ends with, so no one mistakes the emulator for a model.</summary>
    public const string OfflineNote = "(Offline Runflow emulator: a deterministic stand-in, not a language model.)";

    /// <summary>Gets a value indicating whether the conversation has no assistant text yet, so the answer carries the note.</summary>
    /// <param name="messages">The conversation.</param>
    /// <returns><see langword="true"/> when no earlier assistant message has text.</returns>
    public static bool IsFirstAnswer(IReadOnlyList<RunflowEmulatorMessage> messages) =>
        !messages.Any(m => m.Role == "assistant" && !string.IsNullOrWhiteSpace(m.Content));

    /// <summary>Restates a user message: <c>You asked: "…?"</c> or <c>You said: "…"</c>, then what it attached.</summary>
    /// <param name="message">The message, or <see langword="null"/> when there is none to answer.</param>
    /// <returns>The sentence.</returns>
    public static string ToUser(RunflowEmulatorMessage? message)
    {
        if (message is null)
        {
            return "I have no message from you to answer.";
        }

        string text = TextOf(message);
        List<string> attached = message.Parts.Where(p => p.Type != "text").Select(Describe).ToList();
        string said = text.Length == 0 ? string.Empty : $"{(text.EndsWith('?') ? "You asked" : "You said")}: \"{text}\"";
        if (attached.Count == 0)
        {
            return said;
        }

        string list = attached.Count == 1 ? attached[0] : string.Join("; ", attached[..^1]) + "; and " + attached[^1];
        return said.Length == 0 ? $"You sent {list}." : $"{said} You attached {list}.";
    }

    /// <summary>Gets a value indicating whether a user message has anything to restate.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="true"/> when it has text or an attachment.</returns>
    public static bool HasContent(RunflowEmulatorMessage message) =>
        TextOf(message).Length > 0 || message.Parts.Any(p => p.Type != "text");

    /// <summary>The message's text, its text parts joined by spaces.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The trimmed text, empty when there is none.</returns>
    public static string TextOf(RunflowEmulatorMessage message) =>
        (message.Parts.Count == 0
            ? message.Content ?? string.Empty
            : string.Join(' ', message.Parts.Where(p => p.Type == "text" && !string.IsNullOrWhiteSpace(p.Text)).Select(p => p.Text!.Trim()))).Trim();

    /// <summary>Reports tool results: <c>Here is what I found: get_weather returned tempC 21, condition Sunny.</c></summary>
    /// <param name="results">The trailing tool messages.</param>
    /// <param name="messages">The conversation, to name the tool a result answers.</param>
    /// <returns>The sentence.</returns>
    public static string ToToolResults(IReadOnlyList<RunflowEmulatorMessage> results, IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        string found = "Here is what I found: " + string.Join("; ", results.Select(r => $"{ToolNameOf(r, messages)} returned {Render(r.Content)}"));
        return found.TrimEnd('"').EndsWith('.') || found.TrimEnd('"').EndsWith('!') || found.TrimEnd('"').EndsWith('?') ? found : found + ".";
    }

    /// <summary>Describes a file the model is given by id: what the upload told the emulator, or only the id of a
    /// file it never received (or has since forgotten).</summary>
    /// <param name="part">A <c>file</c> part.</param>
    /// <returns>The description.</returns>
    public static string DescribeFileId(RunflowEmulatorContentPart part) => part.FileDescription ?? $"the file {part.FileId}";

    // An image or file as what can honestly be read from it: never fetched, so a link is only a link.
    private static string Describe(RunflowEmulatorContentPart part)
    {
        string kind = part.Type == "image_url" ? "image" : "file";
        if (part.FileId is not null)
        {
            return DescribeFileId(part);
        }

        if (part.Link is { } link)
        {
            return $"{(kind == "image" ? "an image" : "a file")} link I did not open ({link})";
        }

        string size = part.Size == 1 ? "1 byte" : part.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        string pixels = part.Pixels is var (width, height)
            ? string.Create(CultureInfo.InvariantCulture, $", {width}×{height} pixels")
            : string.Empty;
        return $"{(kind == "image" ? "an image" : "a file")} ({part.MediaType}, {size}{pixels})";
    }

    private static string ToolNameOf(RunflowEmulatorMessage result, IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        if (!string.IsNullOrEmpty(result.Name))
        {
            return result.Name;
        }

        RunflowEmulatorToolCallRecord? call = messages
            .SelectMany(m => m.ToolCalls)
            .LastOrDefault(c => c.Id.Length > 0 && c.Id == result.ToolCallId);
        return call?.Name ?? result.ToolCallId ?? "a tool";
    }

    // A result as a sentence can hold it: a string in quotes, an object as its members ("tempC 21, condition Sunny").
    private static string Render(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "nothing";
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(content);
        }
        catch (JsonException)
        {
            return $"\"{content.Trim()}\"";
        }

        return node switch
        {
            JsonObject { Count: 0 } => "an empty object",
            JsonObject o => string.Join(", ", o.Select(member => $"{member.Key} {Plain(member.Value)}")),
            JsonArray { Count: 0 } => "an empty list",
            JsonArray a => string.Join(", ", a.Select(Plain)),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
            null => "null",
            _ => node.ToJsonString(RunflowEmulatorModel.JsonOptions),
        };
    }

    private static string Plain(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        null => "null",
        _ => value.ToJsonString(RunflowEmulatorModel.JsonOptions),
    };
}
