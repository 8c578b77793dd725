using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The body of every error the emulator answers: <c>{ "success": false, "error" }</c>.</summary>
/// <param name="Error">The message; it never contains the API key.</param>
internal sealed record RunflowEmulatorErrorBody(string Error)
{
    /// <summary>Gets <see langword="false"/>, written first as Runflow does.</summary>
    [JsonPropertyOrder(-1)]
    public bool Success => false;
}
