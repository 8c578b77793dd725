namespace Runflow.AI.Extensions.Emulator;

/// <summary>Everything the inspector shows of one request: its row, headers, body and answer.</summary>
internal sealed class RunflowEmulatorInspectorDetail
{
    /// <summary>Gets the row.</summary>
    public required RunflowEmulatorInspectorSummary Summary { get; init; }

    /// <summary>Gets the request headers, those that can carry a credential reading <see cref="RunflowEmulatorRequest.RedactedValue"/>.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the request body.</summary>
    public required RunflowEmulatorInspectorBody Request { get; init; }

    /// <summary>Gets the answer body, or <see langword="null"/> while it is under way or when none was sent.</summary>
    public RunflowEmulatorInspectorBody? Answer { get; init; }
}
