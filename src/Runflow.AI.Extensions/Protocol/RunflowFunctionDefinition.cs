using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The name, description and JSON schema of a <see cref="RunflowTool"/>.</summary>
internal sealed class RunflowFunctionDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement Parameters { get; init; }
}
