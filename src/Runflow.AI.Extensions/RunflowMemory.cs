using System.Text.Json;

namespace Runflow.AI.Extensions;

/// <summary>A conversation memory as Runflow keeps it: its messages, oldest first, its summary and its metadata.</summary>
public sealed class RunflowMemory
{
    /// <summary>Initializes a new instance of the <see cref="RunflowMemory"/> class.</summary>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="messages">The messages, oldest first.</param>
    /// <param name="summary">The latest summary, or <see langword="null"/>.</param>
    /// <param name="metadata">The memory's metadata, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="memoryId"/> or <paramref name="messages"/> is <see langword="null"/>.</exception>
    public RunflowMemory(string memoryId, IReadOnlyList<RunflowMemoryMessage> messages, string? summary = null, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        MemoryId = Throw.IfNull(memoryId);
        Messages = [.. Throw.IfNull(messages)];
        Summary = summary;
        Metadata = metadata is null ? null : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
    }

    /// <summary>Gets the memory's id.</summary>
    public string MemoryId { get; }

    /// <summary>Gets the messages, oldest first.</summary>
    public IReadOnlyList<RunflowMemoryMessage> Messages { get; }

    /// <summary>Gets the latest summary Runflow made of the memory, if any.</summary>
    public string? Summary { get; }

    /// <summary>Gets the memory's metadata, or <see langword="null"/> when it has none.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; }
}
