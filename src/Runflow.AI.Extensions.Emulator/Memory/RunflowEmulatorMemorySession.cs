using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>One memory of one tenant: its messages, oldest first, its metadata and its latest summary.</summary>
internal sealed class RunflowEmulatorMemorySession
{
    /// <summary>Gets the tenant the memory belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>Gets the memory's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the messages, oldest first.</summary>
    public List<RunflowEmulatorMemoryEntry> Messages { get; init; } = [];

    /// <summary>Gets or sets the metadata the last PUT sent.</summary>
    public JsonElement? Metadata { get; set; }

    /// <summary>Gets or sets the latest summary.</summary>
    public string? Summary { get; set; }

    /// <summary>Gets the bytes the memory counts against the store's bound.</summary>
    public long Size => Messages.Sum(m => m.Size) + (Metadata?.GetRawText().Length ?? 0) + (Summary?.Length ?? 0);
}
