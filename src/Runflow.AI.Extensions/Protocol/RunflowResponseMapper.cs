using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps a Runflow chat response to a Microsoft.Extensions.AI <see cref="ChatResponse"/>.</summary>
internal static class RunflowResponseMapper
{
    // The details objects and the fields in them that are cached or reasoning tokens, in OpenAI's and Runflow's spellings.
    private static readonly string[] PromptDetails = ["prompt_tokens_details", "promptTokensDetails"];
    private static readonly string[] CachedInDetails = ["cached_tokens", "cachedTokens"];
    private static readonly string[] CompletionDetails = ["completion_tokens_details", "completionTokensDetails"];
    private static readonly string[] ReasoningInDetails = ["reasoning_tokens", "reasoningTokens"];

    private static readonly Dictionary<string, JsonElement> Empty = [];

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo ArgumentsTypeInfo =
        RunflowJson.PayloadOptions.GetTypeInfo(typeof(Dictionary<string, object?>));

    /// <summary>Unwraps a <c>{ "success": true, "data": … }</c> envelope and returns the response it holds.</summary>
    /// <returns>The response, or <see langword="null"/> when the envelope says the call failed.</returns>
    public static RunflowChatResponse? Unwrap(RunflowChatResponse response)
    {
        if (response.Success == false)
        {
            return null;
        }

        return response.Data ?? response;
    }

    /// <summary>Maps an unwrapped response.</summary>
    /// <param name="response">The response body.</param>
    /// <param name="requestedModel">The model the request named, used when the response does not say.</param>
    /// <param name="responseId">The id to give the response and its message.</param>
    /// <param name="createdAt">When the response was received.</param>
    /// <param name="requestId">The request id the server reported in a header, already redacted.</param>
    public static ChatResponse FromRunflowResponse(
        RunflowChatResponse response, string? requestedModel, string responseId, DateTimeOffset createdAt, string? requestId)
    {
        var message = new ChatMessage(ChatRole.Assistant, ToContents(response))
        {
            MessageId = responseId,
            CreatedAt = createdAt,
            RawRepresentation = response,
        };

        return new ChatResponse(message)
        {
            ResponseId = responseId,
            ModelId = response.Model ?? requestedModel,
            CreatedAt = createdAt,
            FinishReason = message.Contents.Any(c => c is FunctionCallContent) ? ChatFinishReason.ToolCalls : ToFinishReason(response.FinishReason),
            Usage = ToUsage(response.Usage),
            RawRepresentation = response,
            AdditionalProperties = WithRequestId(ToAdditionalProperties(response.AdditionalProperties), requestId),
        };
    }

    /// <summary>Adds the request id under <see cref="RunflowResponseProperties.RequestId"/>, creating the dictionary when
    /// needed; the header's value wins over a body field of the same name.</summary>
    public static AdditionalPropertiesDictionary? WithRequestId(AdditionalPropertiesDictionary? properties, string? requestId)
    {
        if (requestId is null)
        {
            return properties;
        }

        properties ??= [];
        properties[RunflowResponseProperties.RequestId] = requestId;
        return properties;
    }

    /// <summary>Maps any provider's finish reason; an unknown one is kept as its own value, a blank one is none.</summary>
    public static ChatFinishReason? ToFinishReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason switch
    {
        "stop" or "end_turn" or "STOP" or "stop_sequence" => ChatFinishReason.Stop,
        "length" or "max_tokens" or "MAX_TOKENS" => ChatFinishReason.Length,
        "tool_calls" or "tool_use" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" or "SAFETY" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    /// <summary>
    /// Maps token counts; the total is the sum when the server leaves it out. Cached and reasoning tokens are read in
    /// every spelling, at the top level or in the details objects; every other whole-number field becomes an additional
    /// count under its own name, or <c>parent.field</c> for a field of an object such as <c>prompt_tokens_details</c>.
    /// </summary>
    public static UsageDetails? ToUsage(RunflowUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var input = usage.PromptTokens;
        var output = usage.CompletionTokens;
        var total = usage.TotalTokens;
        var cached = usage.CachedTokens;
        var reasoning = usage.ReasoningTokens;
        AdditionalPropertiesDictionary<long>? additional = null;

        foreach (var (name, value) in usage.AdditionalProperties ?? Empty)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in value.EnumerateObject())
                {
                    if (IsOneOf(name, PromptDetails) && IsOneOf(field.Name, CachedInDetails))
                    {
                        cached ??= RunflowLenientCountConverter.Read(field.Value);
                    }
                    else if (IsOneOf(name, CompletionDetails) && IsOneOf(field.Name, ReasoningInDetails))
                    {
                        reasoning ??= RunflowLenientCountConverter.Read(field.Value);
                    }
                    else
                    {
                        AddCount(ref additional, $"{name}.{field.Name}", field.Value);
                    }
                }
            }
            else
            {
                AddCount(ref additional, name, value);
            }
        }

        if (input is null && output is null && total is null && cached is null && reasoning is null && additional is null)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = total ?? (input is null && output is null ? null : (input ?? 0) + (output ?? 0)),
            CachedInputTokenCount = cached,
            ReasoningTokenCount = reasoning,
            AdditionalCounts = additional,
        };

        // A field nobody named is a count only when it is a JSON number: a string there is more likely a label.
        static void AddCount(ref AdditionalPropertiesDictionary<long>? counts, string name, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Number && RunflowLenientCountConverter.Read(value) is { } count)
            {
                (counts ??= [])[name] = count;
            }
        }
    }

    private static bool IsOneOf(string name, string[] names) =>
        Array.Exists(names, candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a reasoning field that holds a string; other shapes are ignored.</summary>
    private static string? ReadReasoning(RunflowChatResponse response) =>
        Text(response.Thinking) ?? Text(response.Reasoning);

    private static List<AIContent> ToContents(RunflowChatResponse response)
    {
        var contents = new List<AIContent>(1 + (response.ToolCalls?.Count ?? 0));

        if (ReadReasoning(response) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (!string.IsNullOrEmpty(response.Text))
        {
            contents.Add(new TextContent(response.Text));
        }

        if (response.ToolCalls is { } toolCalls)
        {
            foreach (var toolCall in toolCalls)
            {
                // A null item carries no call: skipped rather than failing the whole response.
                if (toolCall is not null)
                {
                    contents.Add(ToFunctionCall(toolCall));
                }
            }
        }

        return contents;
    }

    private static FunctionCallContent ToFunctionCall(RunflowResponseToolCall toolCall)
    {
        var name = toolCall.Function?.Name ?? toolCall.Name ?? string.Empty;
        var callId = string.IsNullOrEmpty(toolCall.Id) ? "call_" + Guid.NewGuid().ToString("N") : toolCall.Id;
        var arguments = toolCall.Function?.Arguments ?? toolCall.Arguments;

        var content = FunctionCallContent.CreateFromParsedArguments(arguments ?? default, callId, name, ParseArguments);
        content.RawRepresentation = toolCall;
        if (string.IsNullOrEmpty(name))
        {
            content.Exception ??= new InvalidDataException($"Runflow sent tool call '{callId}' without a function name.");
        }

        return content;
    }

    private static Dictionary<string, object?>? ParseArguments(JsonElement arguments)
    {
        switch (arguments.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;

            case JsonValueKind.String:
                var text = arguments.GetString();
                return string.IsNullOrWhiteSpace(text)
                    ? null
                    : (Dictionary<string, object?>?)JsonSerializer.Deserialize(text, ArgumentsTypeInfo)
                        ?? throw new JsonException("The tool-call arguments are the JSON null, not an object.");

            case JsonValueKind.Object:
                return (Dictionary<string, object?>?)arguments.Deserialize(ArgumentsTypeInfo);

            default:
                throw new JsonException($"The tool-call arguments are a JSON {arguments.ValueKind}, not an object.");
        }
    }

    private static string? Text(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? RunflowJson.GetLenientString(value) : null;

    private static AdditionalPropertiesDictionary? ToAdditionalProperties(Dictionary<string, JsonElement>? fields)
    {
        if (fields is not { Count: > 0 })
        {
            return null;
        }

        var properties = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in fields)
        {
            properties[key] = value;
        }

        return properties;
    }
}
