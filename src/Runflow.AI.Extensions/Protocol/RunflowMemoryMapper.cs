using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps memory ids, messages and answers between the public memory types and the wire.</summary>
internal static class RunflowMemoryMapper
{
    /// <summary>The longest memory id accepted; Runflow's ids are <c>entityType:entityValue</c> or a session id.</summary>
    public const int MaxMemoryIdLength = 256;

    private static JsonTypeInfo<ChatMessage> ChatMessageType =>
        (JsonTypeInfo<ChatMessage>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatMessage));

    /// <summary>Refuses an id that could leave the memory's path once in the URL: a separator (<c>/</c>, <c>\</c>), a
    /// query or fragment mark (<c>?</c>, <c>#</c>), a <c>..</c>, a control character, or blank or over-long text.
    /// The id is escaped as well, so what is accepted is sent as one path segment.</summary>
    /// <param name="memoryId">The id.</param>
    /// <param name="paramName">The parameter to name.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The id is unusable; the message says why.</exception>
    public static string ValidateMemoryId(string? memoryId, string paramName)
    {
        ArgumentNullException.ThrowIfNull(memoryId, paramName);
        int separator = memoryId.AsSpan().IndexOfAny(['/', '\\', '?', '#']);
        int control = memoryId.AsSpan().IndexOfAnyInRange('\0', '\x1f') is >= 0 and var low ? low : memoryId.IndexOf('\x7f', StringComparison.Ordinal);
        string? problem = string.IsNullOrWhiteSpace(memoryId) ? "must not be blank"
            : memoryId.Length > MaxMemoryIdLength ? $"must be at most {MaxMemoryIdLength} characters; it has {memoryId.Length}"
            : control >= 0 ? $"must not contain a control character (position {control})"
            : separator >= 0 ? $"must not contain '{memoryId[separator]}' (position {separator}), which would leave the memory's path"
            : memoryId.Contains("..", StringComparison.Ordinal) ? "must not contain '..', which would leave the memory's path"
            : null;
        return problem is null ? memoryId : throw new ArgumentException($"The memory id {problem}.", paramName);
    }

    /// <summary>The wire form of a message; the timestamp is Runflow's to set, so it is not sent.</summary>
    public static RunflowMemoryMessageDto ToDto(RunflowMemoryMessage message) => new()
    {
        Role = message.Role.Value,
        Content = JsonSerializer.SerializeToElement(message.Content, RunflowJsonContext.Default.String),
        Metadata = message.Metadata is null ? null : new Dictionary<string, JsonElement>(message.Metadata, StringComparer.Ordinal),
    };

    /// <summary>A message as Runflow sent it, or <see langword="null"/> for a null item.</summary>
    public static RunflowMemoryMessage? FromDto(RunflowMemoryMessageDto? dto) => dto is null
        ? null
        : new RunflowMemoryMessage(
            string.IsNullOrWhiteSpace(dto.Role) ? ChatRole.User : new ChatRole(dto.Role.Trim().ToLowerInvariant()),
            TextOf(dto.Content),
            dto.Metadata,
            TimestampOf(dto.Timestamp));

    /// <summary>See <see cref="RunflowMemoryMessage.FromChatMessage"/>.</summary>
    public static RunflowMemoryMessage FromChatMessage(ChatMessage message)
    {
        bool plainRole = message.Role == ChatRole.User || message.Role == ChatRole.Assistant || message.Role == ChatRole.System;
        if (plainRole && message.Contents.All(c => c is TextContent { Annotations: null or { Count: 0 } }))
        {
            return new RunflowMemoryMessage(message.Role, message.Text);
        }

        var text = new StringBuilder();
        foreach (AIContent content in message.Contents)
        {
            string? part = content switch
            {
                TextContent t => t.Text,
                TextReasoningContent => null,
                FunctionCallContent call => $"[tool call {call.Name} {Json(call.Arguments, typeof(IDictionary<string, object?>))}]",
                FunctionResultContent result => $"[tool result {result.CallId}: {ResultText(result.Result)}]",
                DataContent data => $"[{data.MediaType}{(data.Name is null ? null : " " + data.Name)}]",
                UriContent uri => $"[{uri.MediaType} {uri.Uri}]",
                HostedFileContent file => $"[file {file.FileId}]",
                _ => $"[{content.GetType().Name}]",
            };

            if (!string.IsNullOrEmpty(part))
            {
                text.Append(text.Length == 0 ? null : "\n").Append(part);
            }
        }

        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [RunflowMemoryMessage.ChatMessageMetadataKey] = JsonSerializer.SerializeToElement(message, ChatMessageType),
        };
        return new RunflowMemoryMessage(plainRole ? message.Role : ChatRole.Assistant, text.ToString(), metadata);
    }

    /// <summary>See <see cref="RunflowMemoryMessage.ToChatMessage"/>.</summary>
    public static ChatMessage ToChatMessage(RunflowMemoryMessage message)
    {
        if (message.Metadata?.GetValueOrDefault(RunflowMemoryMessage.ChatMessageMetadataKey) is { ValueKind: JsonValueKind.Object } kept)
        {
            try
            {
                if (kept.Deserialize(ChatMessageType) is { } restored)
                {
                    // A text result comes back as a JSON string; as text again, it reaches the model as it did the first time.
                    foreach (FunctionResultContent result in restored.Contents.OfType<FunctionResultContent>())
                    {
                        if (result.Result is JsonElement { ValueKind: JsonValueKind.String } text)
                        {
                            result.Result = text.GetString();
                        }
                    }

                    return restored;
                }
            }
            catch (JsonException)
            {
                // Metadata someone else wrote under the key: the text is still the message.
            }
        }

        return new ChatMessage(message.Role, message.Content);
    }

    /// <summary>Reads a memory GET, unwrapped from its envelope.</summary>
    /// <exception cref="JsonException">The body is not a memory.</exception>
    public static RunflowMemory ToMemory(JsonElement body, string memoryId)
    {
        RunflowMemoryResponse answer = body.Deserialize(RunflowJsonContext.Default.RunflowMemoryResponse)
            ?? throw new JsonException("The memory is the JSON null.");
        return new RunflowMemory(
            string.IsNullOrEmpty(answer.SessionId) ? memoryId : answer.SessionId,
            [.. (answer.Messages ?? []).Select(FromDto).OfType<RunflowMemoryMessage>()],
            answer.Summary is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } summary ? TextOf(summary) : null,
            answer.Metadata);
    }

    /// <summary>Reads a search answer: a list of messages, bare or under <c>results</c>, <c>messages</c> or <c>matches</c>.</summary>
    /// <exception cref="JsonException">The body holds no list of messages.</exception>
    public static List<RunflowMemoryMessage> ToMessages(JsonElement body)
    {
        JsonElement list = body;
        if (body.ValueKind == JsonValueKind.Object)
        {
            foreach (string name in (ReadOnlySpan<string>)["results", "messages", "matches"])
            {
                if (body.TryGetProperty(name, out JsonElement found) && found.ValueKind == JsonValueKind.Array)
                {
                    list = found;
                    break;
                }
            }
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected a list of messages, not {list.ValueKind}.");
        }

        return [.. list.EnumerateArray().Select(item => FromDto(item.Deserialize(RunflowJsonContext.Default.RunflowMemoryMessageDto))).OfType<RunflowMemoryMessage>()];
    }

    /// <summary>Reads a summary answer: a string, or an object's <c>summary</c>, <c>text</c> or <c>content</c>.</summary>
    /// <exception cref="JsonException">The body holds no summary text.</exception>
    public static string ToSummary(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.String)
        {
            return body.GetString()!;
        }

        if (body.ValueKind == JsonValueKind.Object)
        {
            foreach (string name in (ReadOnlySpan<string>)["summary", "text", "content"])
            {
                if (body.TryGetProperty(name, out JsonElement found) && found.ValueKind == JsonValueKind.String)
                {
                    return found.GetString()!;
                }
            }
        }

        throw new JsonException($"Expected the summary text, not {body.ValueKind}.");
    }

    private static string TextOf(JsonElement? content) => content switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => string.Empty,
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Join("\n", parts.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        { } other => other.GetRawText(),
    };

    private static DateTimeOffset? TimestampOf(JsonElement? timestamp) => timestamp switch
    {
        { ValueKind: JsonValueKind.String } text when DateTimeOffset.TryParse(text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) => at,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out long milliseconds) && milliseconds is >= 0 and <= 253402300799999 => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => null,
    };

    private static string ResultText(object? result) => result switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        _ => Json(result, typeof(object)),
    };

    // Compact, though AIJsonUtilities.DefaultOptions indents: the text is one line of a message.
    private static string Json(object? value, Type type)
    {
        if (value is null)
        {
            return "null";
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AIJsonUtilities.DefaultOptions.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(type));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
