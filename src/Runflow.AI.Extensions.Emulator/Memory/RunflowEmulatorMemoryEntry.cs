using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>One message of a memory as the emulator keeps it, answers it and saves it.</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">Its text.</param>
/// <param name="Metadata">What the client kept with it, as sent.</param>
/// <param name="Timestamp">When the emulator stored it.</param>
internal sealed record RunflowEmulatorMemoryEntry(string Role, string Content, JsonElement? Metadata, DateTimeOffset Timestamp)
{
    /// <summary>Gets the bytes the entry counts against the store's bound: its text and metadata in UTF-8.</summary>
    public long Size => System.Text.Encoding.UTF8.GetByteCount(Role) + System.Text.Encoding.UTF8.GetByteCount(Content) + (Metadata?.GetRawText().Length ?? 0);
}
