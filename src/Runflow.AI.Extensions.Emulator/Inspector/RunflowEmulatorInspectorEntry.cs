namespace Runflow.AI.Extensions.Emulator;

/// <summary>A request the inspector is following, from its arrival until its answer is finished.</summary>
/// <param name="id">The inspector's number of the request.</param>
/// <param name="record">The recorded request.</param>
/// <param name="secret">The API key the request carried, masked wherever it appears.</param>
/// <param name="started">When it arrived, as a <see cref="TimeProvider"/> timestamp.</param>
internal sealed class RunflowEmulatorInspectorEntry(long id, RunflowEmulatorRequest record, string? secret, long started)
{
    /// <summary>Gets the inspector's number of the request.</summary>
    public long Id { get; } = id;

    /// <summary>Gets the recorded request, whose status, fault and request id the answer fills in.</summary>
    public RunflowEmulatorRequest Record { get; } = record;

    /// <summary>Gets the API key the request carried.</summary>
    public string? Secret { get; } = secret;

    /// <summary>Gets when the request arrived, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Started { get; } = started;

    /// <summary>Gets the body of the answer as it is sent.</summary>
    public RunflowEmulatorInspectorCapture Answer { get; } = new();

    /// <summary>Gets or sets who answered: <c>model</c> or <c>scripted</c>, or <see langword="null"/> when the
    /// emulator's checks, the memory store or a 404 did.</summary>
    public string? Reply { get; set; }
}
