using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A validated chat request, reduced to what the emulator's model uses.</summary>
internal sealed class RunflowEmulatorChatRequest
{
    /// <summary>Gets the requested model name, echoed in the answer.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the conversation, never empty.</summary>
    public required IReadOnlyList<RunflowEmulatorMessage> Messages { get; init; }

    /// <summary>Gets the system instructions, if any.</summary>
    public string? Instructions { get; init; }

    /// <summary>Gets the largest number of completion tokens, if set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Gets the stop sequences.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Gets the offered function tools.</summary>
    public IReadOnlyList<RunflowEmulatorTool> Tools { get; init; } = [];

    /// <summary>Gets a value indicating whether <c>toolChoice</c> is <c>"none"</c>.</summary>
    public bool ToolChoiceNone { get; init; }

    /// <summary>Gets a value indicating whether <c>toolChoice</c> is <c>"required"</c>.</summary>
    public bool ToolChoiceRequired { get; init; }

    /// <summary>Gets the tool <c>toolChoice</c> names, if it names one.</summary>
    public string? ToolChoiceName { get; init; }

    /// <summary>Gets the response format type: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
    public string ResponseFormatType { get; init; } = "text";

    /// <summary>Gets the schema of a <c>json_schema</c> response format.</summary>
    public JsonNode? ResponseSchema { get; init; }

    /// <summary>Gets where the request put <see cref="ResponseSchema"/>, to name it in an error.</summary>
    public string ResponseSchemaField { get; init; } = "responseFormat.json_schema.schema";

    /// <summary>Gets a value indicating whether thinking is enabled.</summary>
    public bool ThinkingEnabled { get; init; }

    /// <summary>Gets the thinking budget in tokens, if set.</summary>
    public int? ThinkingBudgetTokens { get; init; }

    /// <summary>Gets the name of a <c>json_schema</c> response format, if given.</summary>
    public string? ResponseSchemaName { get; init; }

    /// <summary>Gets the description of a <c>json_schema</c> response format, if given.</summary>
    public string? ResponseSchemaDescription { get; init; }

    /// <summary>Gets the <c>strict</c> flag of a <c>json_schema</c> response format, if given.</summary>
    public bool? ResponseSchemaStrict { get; init; }

    /// <summary>Gets the sampling temperature, if set.</summary>
    public double? Temperature { get; init; }

    /// <summary>Gets the nucleus-sampling probability mass, if set.</summary>
    public double? TopP { get; init; }

    /// <summary>Gets the frequency penalty, if set.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>Gets the presence penalty, if set.</summary>
    public double? PresencePenalty { get; init; }

    /// <summary>Gets the sampling seed, if set.</summary>
    public long? Seed { get; init; }
}
