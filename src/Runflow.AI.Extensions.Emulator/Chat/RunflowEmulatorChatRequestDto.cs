using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A chat body, as schema-checked; only the fields the emulator reads (the sampling ones for gateway mode).</summary>
internal sealed record RunflowEmulatorChatRequestDto(
    string Model,
    IReadOnlyList<RunflowEmulatorMessageDto> Messages,
    string? Instructions,
    double? MaxTokens,
    JsonElement? Stop,
    IReadOnlyList<RunflowEmulatorToolDto>? Tools,
    JsonElement? ToolChoice,
    RunflowEmulatorResponseFormatDto? ResponseFormat,
    RunflowEmulatorThinkingDto? Thinking,
    double? Temperature,
    double? TopP,
    double? FrequencyPenalty,
    double? PresencePenalty,
    double? Seed);
