namespace Runflow.AI.Extensions.Emulator;

/// <summary>One row of the inspector's list: what a request was and how it was answered, without its bodies.</summary>
internal sealed class RunflowEmulatorInspectorSummary
{
    /// <summary>Gets the inspector's number of the request, from 1, unique while the emulator lives.</summary>
    public required long Id { get; init; }

    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the path, without the query string.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the status answered, 0 while the answer is under way or when the connection was aborted first.</summary>
    public required int Status { get; init; }

    /// <summary>Gets a value indicating whether the answer is finished (sent, or its connection aborted).</summary>
    public required bool Done { get; init; }

    /// <summary>Gets who answered: <c>model</c>, <c>scripted</c> (a queued reply or drawn fault), or
    /// <see langword="null"/> for the emulator's own checks, the memory store and unknown paths.</summary>
    public string? Reply { get; init; }

    /// <summary>Gets the injected fault's name, or <see langword="null"/> for none.</summary>
    public string? Fault { get; init; }

    /// <summary>Gets a value indicating whether the request went to the streaming endpoint.</summary>
    public required bool Streaming { get; init; }

    /// <summary>Gets the request id answered in <c>x-request-id</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets when the request arrived.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets how long the answer took, in milliseconds, or <see langword="null"/> while it is under way.</summary>
    public double? DurationMs { get; init; }
}
