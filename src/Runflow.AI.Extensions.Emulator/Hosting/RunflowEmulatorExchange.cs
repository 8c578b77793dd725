namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// One request as the recording middleware read it, handed to the checks and the endpoints behind it as an
/// <see cref="Microsoft.AspNetCore.Http.HttpContext"/> feature.
/// </summary>
internal sealed class RunflowEmulatorExchange
{
    /// <summary>Gets the endpoint the path routed to, <see cref="RunflowEmulatorEndpoint.None"/> for an unknown path.</summary>
    public required RunflowEmulatorEndpoint Endpoint { get; init; }

    /// <summary>Gets the recorded request, whose status, fault and request id the answer fills in.</summary>
    public required RunflowEmulatorRequest Record { get; init; }

    /// <summary>Gets the body's bytes, kept for the file-upload endpoint, whose multipart body is not text.</summary>
    public required byte[] Bytes { get; init; }

    /// <summary>Gets the API key: from <c>x-api-key</c> or <c>Authorization: Bearer</c>, or from a discovery body.</summary>
    public required string? ApiKey { get; init; }

    /// <summary>Gets what is wrong with a discovery body's key field, if anything.</summary>
    public required string? BodyError { get; init; }

    /// <summary>Gets the inspector's entry of the request, which the answer's sender and author fill in, or
    /// <see langword="null"/> when the inspector is off.</summary>
    public required RunflowEmulatorInspectorEntry? Inspected { get; init; }

    /// <summary>Gets the token cancelled when the client gives up or the emulator stops.</summary>
    public required CancellationToken Aborted { get; init; }
}
