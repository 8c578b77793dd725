using System.Text.Json;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions;

/// <summary>One message of a Runflow memory: a role, its text, optional metadata and when it was stored.</summary>
/// <remarks>
/// Runflow's memory keeps a role and a text per message, so <see cref="FromChatMessage"/> stores a
/// <see cref="ChatMessage"/> whose contents are all text as exactly that. Any other message (a tool call, a tool result,
/// an image) keeps a readable text (<c>[tool call get_weather {"city":"Lisbon"}]</c>, <c>[tool result call_1:
/// Sunny]</c>) for people and for Runflow's search, and the whole message, serialized with
/// <see cref="AIJsonUtilities.DefaultOptions"/>, under the <see cref="ChatMessageMetadataKey"/> metadata key;
/// <see cref="ToChatMessage"/> restores it from there, <see cref="FunctionCallContent"/> and
/// <see cref="FunctionResultContent"/> included. A tool result is stored with the <c>assistant</c> role, since memory
/// takes only <c>user</c>, <c>assistant</c> and <c>system</c>; its own role comes back with it.
/// </remarks>
public sealed class RunflowMemoryMessage
{
    /// <summary>The metadata key under which <see cref="FromChatMessage"/> keeps a message that is not plain text.</summary>
    public const string ChatMessageMetadataKey = "chatMessage";

    /// <summary>Initializes a new instance of the <see cref="RunflowMemoryMessage"/> class.</summary>
    /// <param name="role">Who wrote it; Runflow appends <c>user</c>, <c>assistant</c> and <c>system</c> messages.</param>
    /// <param name="content">The text.</param>
    /// <param name="metadata">Metadata kept with the message, or <see langword="null"/> for none.</param>
    /// <param name="timestamp">When it was stored, as Runflow reports it; not sent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public RunflowMemoryMessage(ChatRole role, string content, IReadOnlyDictionary<string, JsonElement>? metadata = null, DateTimeOffset? timestamp = null)
    {
        Role = role;
        Content = Throw.IfNull(content);
        Metadata = metadata is null ? null : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
        Timestamp = timestamp;
    }

    /// <summary>Gets who wrote the message.</summary>
    public ChatRole Role { get; }

    /// <summary>Gets the message's text.</summary>
    public string Content { get; }

    /// <summary>Gets the metadata kept with the message, or <see langword="null"/> when it has none.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; }

    /// <summary>Gets when Runflow stored the message, when it says.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Converts a <see cref="ChatMessage"/> to what Runflow's memory keeps, tool calls and results included.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The memory message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static RunflowMemoryMessage FromChatMessage(ChatMessage message) => RunflowMemoryMapper.FromChatMessage(Throw.IfNull(message));

    /// <summary>Converts the memory message back to a <see cref="ChatMessage"/>: the one <see cref="FromChatMessage"/> kept,
    /// when it kept one, else a message of <see cref="Role"/> and <see cref="Content"/>.</summary>
    /// <returns>The chat message.</returns>
    public ChatMessage ToChatMessage() => RunflowMemoryMapper.ToChatMessage(this);
}
