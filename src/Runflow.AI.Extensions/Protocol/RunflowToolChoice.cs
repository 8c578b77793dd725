using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The request's <c>toolChoice</c>: a mode such as <c>"required"</c>, or one function the model must call.</summary>
[JsonConverter(typeof(RunflowToolChoiceConverter))]
internal sealed class RunflowToolChoice
{
    /// <summary>The <c>"required"</c> mode, shared because it never changes.</summary>
    public static readonly RunflowToolChoice Required = new() { Mode = "required" };

    /// <summary>Gets the mode (<c>required</c>, <c>auto</c>, <c>none</c>) when no single function is named.</summary>
    public string? Mode { get; init; }

    /// <summary>Gets the function the model must call, written as <c>{ "type": "function", "function": { "name": … } }</c>.</summary>
    public string? FunctionName { get; init; }
}
