using System.Text.Json;
using Json.Schema;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The tests' oracle for generated instances: JsonSchema.Net, not the emulator's own reading of a schema.</summary>
internal static class SchemaCheck
{
    public static void AssertValid(string instanceJson, string schemaJson)
    {
        List<string> errors = Errors(instanceJson, schemaJson);
        Assert.True(errors.Count == 0, $"{instanceJson} breaks its schema: {string.Join("; ", errors)}");
    }

    public static List<string> Errors(string instanceJson, string schemaJson)
    {
        using JsonDocument instance = JsonDocument.Parse(instanceJson);
        JsonSchema schema = JsonSchema.FromText(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        EvaluationResults results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : [.. (results.Details ?? [results])
            .Where(d => d.Errors is not null && !d.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
