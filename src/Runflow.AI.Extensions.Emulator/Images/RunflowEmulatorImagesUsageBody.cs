using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>usage</c> of an image-generation answer.</summary>
/// <param name="PromptTokens">The prompt's token count.</param>
/// <param name="CompletionTokens">The completion's token count, written only when scripted.</param>
/// <param name="TotalTokens">The total token count.</param>
internal sealed record RunflowEmulatorImagesUsageBody(
    int PromptTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CompletionTokens,
    int TotalTokens);
