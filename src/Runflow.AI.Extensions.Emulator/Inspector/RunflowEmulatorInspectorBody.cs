namespace Runflow.AI.Extensions.Emulator;

/// <summary>A request or answer body as the inspector shows it: pretty-printed when it is JSON, the API key masked,
/// long strings shortened and the whole bounded.</summary>
internal sealed class RunflowEmulatorInspectorBody
{
    /// <summary>Gets the text shown.</summary>
    public required string Text { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Text"/> is the body re-written as indented JSON.</summary>
    public required bool Json { get; init; }

    /// <summary>Gets the body's size in bytes as it was sent.</summary>
    public required long Length { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Text"/> stops short of the body.</summary>
    public required bool Truncated { get; init; }

    /// <summary>Gets the body's content type, if it had one.</summary>
    public string? ContentType { get; init; }
}
