using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The schema part of a <c>json_schema</c> response format.</summary>
internal sealed class RunflowJsonSchema
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement Schema { get; init; }
}
