using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Validates a chat request body as the service does and reduces it to a <see cref="RunflowEmulatorChatRequest"/>;
/// every failure is a message naming the offending field, answered with HTTP 400.
/// </summary>
internal static class RunflowEmulatorRequestParser
{
    private static readonly string[] s_providers = ["openai", "anthropic", "bedrock", "groq", "gemini", "xai", "custom"];
    private static readonly string[] s_roles = ["system", "user", "assistant", "tool"];

    /// <summary>Parses a request body that must be a JSON object.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="obj">The object, when the body is one.</param>
    /// <param name="error">Why the body is not a JSON object.</param>
    /// <returns><see langword="true"/> when the body is a JSON object.</returns>
    internal static bool TryParseObject(string body, [NotNullWhen(true)] out JsonObject? obj, [NotNullWhen(false)] out string? error)
    {
        obj = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            error = $"The request body is not valid JSON: {ex.Message}";
            return false;
        }

        if (root is not JsonObject parsed)
        {
            error = "The request body must be a JSON object.";
            return false;
        }

        obj = parsed;
        error = null;
        return true;
    }

    /// <summary>Parses and validates <paramref name="body"/>.</summary>
    /// <param name="body">The request body text.</param>
    /// <param name="request">The parsed request, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the request is valid.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out RunflowEmulatorChatRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!TryParseObject(body, out JsonObject? obj, out error))
        {
            return false;
        }

        if (!TryGetRequiredString(obj, "projectId", out _, out error) ||
            !TryGetRequiredString(obj, "provider", out string? provider, out error) ||
            !TryGetRequiredString(obj, "model", out string? model, out error))
        {
            return false;
        }

        if (!s_providers.Contains(provider, StringComparer.Ordinal))
        {
            error = $"provider '{provider}' is not supported; expected one of: {string.Join(", ", s_providers)}.";
            return false;
        }

        if (!TryParseMessages(obj, out List<RunflowEmulatorMessage>? messages, out error) ||
            !TryGetOptionalString(obj, "instructions", out string? instructions, out error) ||
            !TryCheckRange(obj, "temperature", 0, 2, out error) ||
            !TryCheckRange(obj, "topP", 0, 1, out error) ||
            !TryCheckRange(obj, "frequencyPenalty", -2, 2, out error) ||
            !TryCheckRange(obj, "presencePenalty", -2, 2, out error) ||
            !TryGetOptionalInteger(obj, "maxTokens", out int? maxTokens, out error) ||
            !TryParseStop(obj, out List<string>? stop, out error) ||
            !TryParseTools(obj, out List<RunflowEmulatorTool>? tools, out error) ||
            !TryParseToolChoice(obj, tools, out bool toolChoiceNone, out bool toolChoiceRequired, out string? toolChoiceName, out error) ||
            !TryParseResponseFormat(obj, out string? formatType, out JsonNode? schema, out string schemaField, out error) ||
            !TryParseThinking(obj, out bool thinkingEnabled, out int? thinkingBudget, out error))
        {
            return false;
        }

        if (maxTokens < 1)
        {
            error = "maxTokens must be at least 1.";
            return false;
        }

        request = new RunflowEmulatorChatRequest
        {
            Model = model,
            Messages = messages,
            Instructions = instructions,
            MaxTokens = maxTokens,
            Stop = stop,
            Tools = tools,
            ToolChoiceNone = toolChoiceNone,
            ToolChoiceRequired = toolChoiceRequired,
            ToolChoiceName = toolChoiceName,
            ResponseFormatType = formatType,
            ResponseSchema = schema,
            ResponseSchemaField = schemaField,
            ThinkingEnabled = thinkingEnabled,
            ThinkingBudgetTokens = thinkingBudget,
        };
        return true;
    }

    private static bool TryGetRequiredString(JsonObject obj, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (!obj.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            error = $"{name} is required.";
            return false;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        value = node.GetValue<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"{name} is required and must not be blank.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Reads an optional string member; absent and JSON null both read as <see langword="null"/>.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="name">The member name.</param>
    /// <param name="value">The string, if present.</param>
    /// <param name="error">The validation message, when the member is not a string.</param>
    /// <returns><see langword="true"/> when the member is absent, null or a string.</returns>
    internal static bool TryGetOptionalString(JsonObject obj, string name, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!obj.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return true;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        value = node.GetValue<string>();
        return true;
    }

    private static bool TryCheckRange(JsonObject obj, string name, double min, double max, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!obj.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return true;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            error = $"{name} must be a number.";
            return false;
        }

        double value = node.GetValue<double>();
        if (value < min || value > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; it was {value}.");
            return false;
        }

        return true;
    }

    private static bool TryGetOptionalInteger(JsonObject obj, string name, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!obj.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return true;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            error = $"{name} must be an integer.";
            return false;
        }

        double number = node.GetValue<double>();
        if (number != Math.Floor(number))
        {
            error = $"{name} must be an integer.";
            return false;
        }

        value = (int)Math.Clamp(number, int.MinValue, int.MaxValue);
        return true;
    }

    private static bool TryParseMessages(JsonObject obj, [NotNullWhen(true)] out List<RunflowEmulatorMessage>? messages, [NotNullWhen(false)] out string? error)
    {
        messages = null;
        if (!obj.TryGetPropertyValue("messages", out JsonNode? node) || node is null)
        {
            error = "messages is required.";
            return false;
        }

        if (node is not JsonArray array)
        {
            error = "messages must be an array.";
            return false;
        }

        if (array.Count == 0)
        {
            error = "messages must contain at least one message.";
            return false;
        }

        messages = new List<RunflowEmulatorMessage>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
            {
                error = $"messages[{i}] must be an object.";
                return false;
            }

            if (!TryGetRequiredString(item, "role", out string? role, out error))
            {
                error = $"messages[{i}].{error}";
                return false;
            }

            if (!s_roles.Contains(role, StringComparer.Ordinal))
            {
                error = $"messages[{i}].role '{role}' is not supported; expected one of: {string.Join(", ", s_roles)}.";
                return false;
            }

            if (!RunflowEmulatorContentParser.TryRead(item["content"], role, $"messages[{i}].content", out string? content, out IReadOnlyList<RunflowEmulatorContentPart> parts, out error))
            {
                return false;
            }

            if (!TryReadToolCalls(item["tool_calls"], out List<RunflowEmulatorToolCallRecord>? toolCalls))
            {
                error = $"messages[{i}].tool_calls must be an array of {{ \"id\", \"type\": \"function\", \"function\": {{ \"name\", \"arguments\" }} }}.";
                return false;
            }

            if (!TryGetOptionalString(item, "tool_call_id", out string? toolCallId, out error) ||
                !TryGetOptionalString(item, "name", out string? name, out error))
            {
                error = $"messages[{i}].{error}";
                return false;
            }

            messages.Add(new RunflowEmulatorMessage
            {
                Role = role,
                Content = content,
                Parts = parts,
                ToolCalls = toolCalls,
                ToolCallId = toolCallId,
                Name = name,
            });
        }

        error = null;
        return true;
    }

    private static bool TryReadToolCalls(JsonNode? node, out List<RunflowEmulatorToolCallRecord> toolCalls)
    {
        toolCalls = [];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonArray array)
        {
            return false;
        }

        foreach (JsonNode? item in array)
        {
            JsonNode? function = item?["function"] ?? item;
            if (item is not JsonObject || function?["name"] is not JsonValue nameNode || nameNode.GetValueKind() != JsonValueKind.String)
            {
                return false;
            }

            string arguments = function["arguments"] switch
            {
                null => "{}",
                JsonValue s when s.GetValueKind() == JsonValueKind.String => s.GetValue<string>(),
                JsonNode other => other.ToJsonString(),
            };

            string id = item["id"] is JsonValue idNode && idNode.GetValueKind() == JsonValueKind.String ? idNode.GetValue<string>() : string.Empty;
            toolCalls.Add(new RunflowEmulatorToolCallRecord(id, nameNode.GetValue<string>(), arguments));
        }

        return true;
    }

    private static bool TryParseStop(JsonObject obj, [NotNullWhen(true)] out List<string>? stop, [NotNullWhen(false)] out string? error)
    {
        stop = [];
        error = null;
        switch (obj["stop"])
        {
            case null:
                return true;
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                stop.Add(single.GetValue<string>());
                return true;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    {
                        error = "stop must be an array of strings.";
                        return false;
                    }

                    stop.Add(value.GetValue<string>());
                }

                return true;
            default:
                error = "stop must be an array of strings.";
                return false;
        }
    }

    private static bool TryParseTools(JsonObject obj, [NotNullWhen(true)] out List<RunflowEmulatorTool>? tools, [NotNullWhen(false)] out string? error)
    {
        tools = [];
        error = null;
        JsonNode? node = obj["tools"];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonArray array)
        {
            error = "tools must be an array.";
            return false;
        }

        for (int i = 0; i < array.Count; i++)
        {
            JsonNode? function = array[i]?["function"];
            if (array[i] is not JsonObject || function is not JsonObject ||
                function["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String ||
                string.IsNullOrWhiteSpace(name.GetValue<string>()))
            {
                error = $"tools[{i}].function.name is required.";
                return false;
            }

            JsonNode? parameters = function["parameters"];
            if (parameters is not null and not JsonObject)
            {
                error = $"tools[{i}].function.parameters must be a JSON schema object.";
                return false;
            }

            string? description = function["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
            tools.Add(new RunflowEmulatorTool(name.GetValue<string>(), parameters, description));
        }

        return true;
    }

    private static bool TryParseToolChoice(
        JsonObject obj,
        List<RunflowEmulatorTool> tools,
        out bool none,
        out bool required,
        out string? name,
        [NotNullWhen(false)] out string? error)
    {
        none = false;
        required = false;
        name = null;
        error = null;
        switch (obj["toolChoice"])
        {
            case null:
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                switch (value.GetValue<string>())
                {
                    case "auto":
                        return true;
                    case "none":
                        none = true;
                        return true;
                    case "required":
                    case "any":
                        required = true;
                        return true;
                    default:
                        error = "toolChoice must be \"auto\", \"none\", \"required\" or { \"type\": \"function\", \"function\": { \"name\" } }.";
                        return false;
                }

            case JsonObject choice when (choice["function"]?["name"] ?? choice["name"]) is JsonValue n && n.GetValueKind() == JsonValueKind.String:
                name = n.GetValue<string>();
                string chosen = name;
                if (!tools.Any(t => t.Name == chosen))
                {
                    error = $"toolChoice names the tool '{name}', which is not in tools.";
                    return false;
                }

                return true;
            default:
                error = "toolChoice must be \"auto\", \"none\", \"required\" or { \"type\": \"function\", \"function\": { \"name\" } }.";
                return false;
        }
    }

    private static bool TryParseResponseFormat(JsonObject obj, [NotNullWhen(true)] out string? type, out JsonNode? schema, out string schemaField, [NotNullWhen(false)] out string? error)
    {
        type = "text";
        schema = null;
        schemaField = "responseFormat.json_schema.schema";
        error = null;
        JsonNode? node = obj["responseFormat"];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonObject format || format["type"] is not JsonValue typeNode || typeNode.GetValueKind() != JsonValueKind.String)
        {
            error = "responseFormat must be an object with a type.";
            return false;
        }

        type = typeNode.GetValue<string>();
        switch (type)
        {
            case "text":
            case "json_object":
                return true;
            case "json_schema":
                schema = format["json_schema"]?["schema"] ?? format["schema"];
                if (format["json_schema"]?["schema"] is null)
                {
                    schemaField = "responseFormat.schema";
                }

                if (schema is not JsonObject)
                {
                    error = "responseFormat.json_schema.schema is required for type json_schema.";
                    return false;
                }

                return true;
            default:
                error = $"responseFormat.type '{type}' is not supported; expected text, json_object or json_schema.";
                return false;
        }
    }

    private static bool TryParseThinking(JsonObject obj, out bool enabled, out int? budget, [NotNullWhen(false)] out string? error)
    {
        enabled = false;
        budget = null;
        error = null;
        JsonNode? node = obj["thinking"];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonObject thinking)
        {
            error = "thinking must be an object.";
            return false;
        }

        enabled = thinking["type"] is not JsonValue t || t.GetValueKind() != JsonValueKind.String || t.GetValue<string>() != "disabled";
        if (!TryGetOptionalInteger(thinking, "budgetTokens", out budget, out error))
        {
            error = $"thinking.{error}";
            return false;
        }

        if (budget < 1)
        {
            error = "thinking.budgetTokens must be at least 1.";
            return false;
        }

        return true;
    }
}
