using System.Text.Json;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The name, description and JSON schema of a <see cref="RawTool"/>.</summary>
internal sealed class RawFunction
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement Parameters { get; init; }
}
