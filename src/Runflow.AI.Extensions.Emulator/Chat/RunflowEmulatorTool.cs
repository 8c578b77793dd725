using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A function tool offered by a request.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Parameters">The JSON schema of the arguments, or <see langword="null"/> when the tool takes none.</param>
/// <param name="Description">What the tool does, if the request says.</param>
internal sealed record RunflowEmulatorTool(string Name, JsonNode? Parameters, string? Description = null);
