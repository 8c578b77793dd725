using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The success envelope of Runflow's runtime endpoints: <c>{ "success": true, "data": … }</c>.</summary>
/// <typeparam name="T">The type of the data.</typeparam>
/// <param name="Data">The data.</param>
internal sealed record RunflowEmulatorEnvelope<T>(T Data)
{
    /// <summary>Gets <see langword="true"/>, written first as Runflow does.</summary>
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}
