using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads a chat request body (checked against <c>Schemas/chat-request.schema.json</c>) into a
/// <see cref="RunflowEmulatorChatRequest"/>, with the checks a schema cannot express; every failure is a message
/// naming the offending field, answered with HTTP 400.
/// </summary>
internal static class RunflowEmulatorRequestParser
{
    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorChatRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!RunflowEmulatorRequestBody.TryRead(body, RunflowEmulatorRequestSchema.Chat, RunflowEmulatorWireContext.Default.RunflowEmulatorChatRequestDto, out RunflowEmulatorChatRequestDto? dto, out error))
        {
            return false;
        }

        var messages = new List<RunflowEmulatorMessage>(dto.Messages.Count);
        for (int i = 0; i < dto.Messages.Count; i++)
        {
            RunflowEmulatorMessageDto message = dto.Messages[i];
            if (!RunflowEmulatorContentReader.TryRead(message.Content, message.Role, $"messages[{i}].content", out string? content, out IReadOnlyList<RunflowEmulatorContentPart> parts, out error))
            {
                return false;
            }

            messages.Add(new RunflowEmulatorMessage
            {
                Role = message.Role,
                Content = content,
                Parts = parts,
                ToolCalls = [.. (message.ToolCalls ?? []).Select(ToRecord)],
                ToolCallId = message.ToolCallId,
                Name = message.Name,
            });
        }

        List<RunflowEmulatorTool> tools = [.. (dto.Tools ?? []).Select(t => new RunflowEmulatorTool(t.Function.Name, t.Function.Parameters, t.Function.Description))];
        string? toolChoice = dto.ToolChoice is { ValueKind: JsonValueKind.String } mode ? mode.GetString() : null;
        string? toolChoiceName = dto.ToolChoice is { ValueKind: JsonValueKind.Object } choice
            ? (choice.TryGetProperty("function", out JsonElement function) ? function : choice).GetProperty("name").GetString()
            : null;
        if (toolChoiceName is not null && !tools.Any(t => t.Name == toolChoiceName))
        {
            error = $"toolChoice names the tool '{toolChoiceName}', which is not in tools.";
            return false;
        }

        string formatType = dto.ResponseFormat?.Type ?? "text";
        var schema = dto.ResponseFormat?.JsonSchema?.Schema ?? dto.ResponseFormat?.Schema;
        if (formatType == "json_schema" && schema is null)
        {
            error = "responseFormat.json_schema.schema is required for type json_schema.";
            return false;
        }

        request = new RunflowEmulatorChatRequest
        {
            Model = dto.Model,
            Messages = messages,
            Instructions = dto.Instructions,
            MaxTokens = ToInt(dto.MaxTokens),
            Stop = dto.Stop switch
            {
                { ValueKind: JsonValueKind.String } single => [single.GetString()!],
                { ValueKind: JsonValueKind.Array } several => [.. several.EnumerateArray().Select(s => s.GetString()!)],
                _ => [],
            },
            Tools = tools,
            ToolChoiceNone = toolChoice == "none",
            ToolChoiceRequired = toolChoice is "required" or "any",
            ToolChoiceName = toolChoiceName,
            ResponseFormatType = formatType,
            ResponseSchema = formatType == "json_schema" ? schema : null,
            ResponseSchemaField = dto.ResponseFormat?.JsonSchema?.Schema is null && dto.ResponseFormat?.Schema is not null
                ? "responseFormat.schema"
                : "responseFormat.json_schema.schema",
            ThinkingEnabled = dto.Thinking is not null && dto.Thinking.Type != "disabled",
            ThinkingBudgetTokens = ToInt(dto.Thinking?.BudgetTokens),
            ResponseSchemaName = dto.ResponseFormat?.JsonSchema?.Name,
            ResponseSchemaDescription = dto.ResponseFormat?.JsonSchema?.Description,
            ResponseSchemaStrict = dto.ResponseFormat?.JsonSchema?.Strict,
            Temperature = dto.Temperature,
            TopP = dto.TopP,
            FrequencyPenalty = dto.FrequencyPenalty,
            PresencePenalty = dto.PresencePenalty,
            Seed = dto.Seed is { } seed ? (long)Math.Clamp(seed, long.MinValue, long.MaxValue) : null,
        };
        return true;
    }

    private static RunflowEmulatorToolCallRecord ToRecord(RunflowEmulatorToolCallDto call)
    {
        JsonElement? arguments = call.Function is { } function ? function.Arguments : call.Arguments;
        return new RunflowEmulatorToolCallRecord(
            call.Id ?? string.Empty,
            call.Function?.Name ?? call.Name!,
            arguments switch
            {
                null or { ValueKind: JsonValueKind.Null } => "{}",
                { ValueKind: JsonValueKind.String } text => text.GetString()!,
                { } json => json.GetRawText(),
            });
    }

    // Whole numbers the schema passed, held as an int: 1e12 tokens is as many as the emulator can count.
    private static int? ToInt(double? value) => value is { } number ? (int)Math.Clamp(number, int.MinValue, int.MaxValue) : null;
}
