using System.Text.Json;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A function declared by a hand-written JSON schema, as MCP servers declare theirs.</summary>
internal sealed class ContractSchemaFunction(
    string name, string jsonSchema, IReadOnlyDictionary<string, object?> additionalProperties, Func<object?> invoke) : AIFunction
{
    public override string Name => name;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => additionalProperties;

    public override JsonElement JsonSchema { get; } = JsonElement.Parse(jsonSchema);

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        ValueTask.FromResult(invoke());
}
