using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The emulator's deterministic model: the same request always gets the same answer.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Trailing <c>tool</c> messages are answered with text quoting their results.</item>
/// <item>Tools are called when the last message is a user message naming them, or when <c>toolChoice</c> forces it;
/// arguments follow each tool's schema, with the values the user wrote where the schema accepts them.</item>
/// <item>Otherwise the reply restates the last user message; instructions and system messages are shown in brackets
/// first. <c>responseFormat</c> turns the reply into a JSON object or an instance of the given schema.</item>
/// <item>Images and files are restated as what can honestly be read from them, in their place among the text parts:
/// for a <c>data:</c> URI its media type, size and, for PNG, GIF and JPEG bytes, the pixel size in the header
/// (<c>[image: image/png, 1,234 bytes, 64×48 pixels]</c>); for a link only that it is one (<c>[image: a link to …]</c>),
/// since the emulator never fetches; for a file id what <see cref="DescribeFileId"/> knows of it.</item>
/// <item><c>stop</c> cuts before the first stop sequence; <c>maxTokens</c> cuts after that many tokens (finish reason <c>length</c>).</item>
/// </list>
/// </remarks>
internal static class RunflowEmulatorModel
{
    /// <summary>
    /// The most tool calls one answer makes: the first mentions in the text. A message repeating a tool's name a million
    /// times would otherwise cost a million argument instances.
    /// </summary>
    public const int MaxToolCalls = 100;

    /// <summary>The JSON options for text the model writes: compact, non-ASCII kept readable.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers a valid request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="streaming"><see langword="true"/> for the streaming endpoint, which cannot carry tool calls.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">A schema asks for more than the emulator generates; the message names its field.</exception>
    public static RunflowEmulatorAnswer Answer(RunflowEmulatorChatRequest request, bool streaming)
    {
        int promptTokens = RunflowEmulatorTokenizer.Count(request.Instructions) +
            request.Messages.Sum(m => RunflowEmulatorTokenizer.Count(m.Content));

        List<RunflowEmulatorMessage> toolResults = TrailingToolResults(request.Messages);
        (JsonNode? embeddedSchema, RunflowEmulatorMessage? schemaMessage, int schemaIndex) = request.ResponseFormatType == "json_object"
            ? FindEmbeddedSchema(request.Messages)
            : (null, null, -1);

        var budget = new RunflowEmulatorSchemaBudget();
        var valueTexts = new List<string?>();
        valueTexts.AddRange(toolResults.Select(m => m.Content));
        valueTexts.AddRange(request.Messages.Where(m => m.Role == "user" && !ReferenceEquals(m, schemaMessage)).Reverse().Select(m => m.Content));

        if (toolResults.Count == 0 && !streaming && request.Tools.Count > 0 && !request.ToolChoiceNone)
        {
            List<RunflowEmulatorToolCallRecord> calls = PlanToolCalls(request, valueTexts, budget);
            if (calls.Count > 0)
            {
                int completion = calls.Sum(c => RunflowEmulatorTokenizer.Count(c.Name) + RunflowEmulatorTokenizer.Count(c.Arguments));
                return new RunflowEmulatorAnswer
                {
                    Text = string.Empty,
                    ToolCalls = calls,
                    FinishReason = "tool_calls",
                    Model = request.Model,
                    Thinking = Think(request, $"The request names {string.Join(", ", calls.Select(c => c.Name).Distinct())}, so I call it."),
                    PromptTokens = promptTokens,
                    CompletionTokens = completion,
                    TotalTokens = promptTokens + completion,
                };
            }
        }

        string? lastUserText = request.Messages
            .Where(m => m.Role == "user" && !ReferenceEquals(m, schemaMessage))
            .Select(Seen)
            .LastOrDefault(text => !string.IsNullOrWhiteSpace(text));
        string core = toolResults.Count > 0
            ? "Tool results: " + string.Join("; ", toolResults.Select(m => $"{ToolNameOf(m, request.Messages)} → {m.Content}"))
            : lastUserText is null ? "You said nothing." : $"You said: {lastUserText}";

        string text = request.ResponseFormatType switch
        {
            "json_schema" => Instance(request.ResponseSchema, valueTexts, request.ResponseSchemaField, budget),
            "json_object" when embeddedSchema is not null => Instance(embeddedSchema, valueTexts, $"messages[{schemaIndex}].content", budget),
            "json_object" => JsonReply(request, core),
            _ => VisibleInstructions(request) + core,
        };

        string finishReason = "stop";
        string? stopAt = request.Stop
            .Where(s => s.Length > 0)
            .Select(s => (Sequence: s, Index: text.IndexOf(s, StringComparison.Ordinal)))
            .Where(x => x.Index >= 0)
            .OrderBy(x => x.Index)
            .Select(x => x.Sequence)
            .FirstOrDefault();
        if (stopAt is not null)
        {
            text = text[..text.IndexOf(stopAt, StringComparison.Ordinal)];
        }

        if (request.MaxTokens is int max && RunflowEmulatorTokenizer.TryTruncate(text, max, out string cut))
        {
            text = cut;
            finishReason = "length";
        }

        int completionTokens = RunflowEmulatorTokenizer.Count(text);
        return new RunflowEmulatorAnswer
        {
            Text = text,
            FinishReason = finishReason,
            Model = request.Model,
            Thinking = Think(request, toolResults.Count > 0 ? "The tools answered, so I report their results." : lastUserText is null ? "The user wrote nothing, so I say so." : $"The user wrote \"{lastUserText}\", so I restate it."),
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = promptTokens + completionTokens,
        };
    }

    /// <summary>Describes a file the model is given by id: what the upload told the emulator, or only the id of a
    /// file it never received (or has since forgotten).</summary>
    /// <param name="part">A <c>file</c> part.</param>
    internal static string DescribeFileId(RunflowEmulatorContentPart part) => part.FileDescription ?? $"the file {part.FileId}";

    /// <summary>A message as the model reads it: its text, with each image or file described in its place.</summary>
    private static string? Seen(RunflowEmulatorMessage message) =>
        message.Parts.Count == 0
            ? message.Content
            : string.Join(' ', message.Parts.Select(Describe).Where(text => text.Length > 0));

    private static string Describe(RunflowEmulatorContentPart part)
    {
        if (part.Type == "text")
        {
            return part.Text!;
        }

        string kind = part.Type == "image_url" ? "image" : "file";
        if (part.FileId is not null)
        {
            return $"[{kind}: {DescribeFileId(part)}]";
        }

        if (part.Link is { } link)
        {
            return $"[{kind}: a link to {link}]";
        }

        string size = part.Size == 1 ? "1 byte" : part.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        string pixels = part.Pixels is var (width, height)
            ? string.Create(CultureInfo.InvariantCulture, $", {width}×{height} pixels")
            : string.Empty;
        return $"[{kind}: {part.MediaType}, {size}{pixels}]";
    }

    private static List<RunflowEmulatorMessage> TrailingToolResults(IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        int start = messages.Count;
        while (start > 0 && messages[start - 1].Role == "tool")
        {
            start--;
        }

        return messages.Skip(start).ToList();
    }

    private static string ToolNameOf(RunflowEmulatorMessage result, IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        if (!string.IsNullOrEmpty(result.Name))
        {
            return result.Name;
        }

        RunflowEmulatorToolCallRecord? call = messages
            .SelectMany(m => m.ToolCalls)
            .LastOrDefault(c => c.Id.Length > 0 && c.Id == result.ToolCallId);
        return call?.Name ?? result.ToolCallId ?? "tool";
    }

    private static List<RunflowEmulatorToolCallRecord> PlanToolCalls(RunflowEmulatorChatRequest request, List<string?> valueTexts, RunflowEmulatorSchemaBudget budget)
    {
        IReadOnlyList<RunflowEmulatorTool> candidates = request.ToolChoiceName is string chosen
            ? request.Tools.Where(t => t.Name == chosen).ToList()
            : request.Tools;

        RunflowEmulatorMessage last = request.Messages[^1];
        string userText = last.Role == "user" ? last.Content ?? string.Empty : string.Empty;
        var mentions = new List<(int Index, RunflowEmulatorTool Tool)>();
        foreach (RunflowEmulatorTool tool in candidates)
        {
            var pattern = new Regex(
                $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(tool.Name)}(?![\p{{L}}\p{{N}}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));

            // One mention past the cap is kept: where it starts is where the last call's text ends.
            Match match = pattern.Match(userText);
            for (int found = 0; match.Success && found <= MaxToolCalls; found++, match = match.NextMatch())
            {
                mentions.Add((match.Index, tool));
            }
        }

        mentions.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (mentions.Count == 0 && (request.ToolChoiceName is not null || request.ToolChoiceRequired) && candidates.Count > 0)
        {
            mentions.Add((userText.Length, candidates[0]));
        }

        var calls = new List<RunflowEmulatorToolCallRecord>();
        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < Math.Min(mentions.Count, MaxToolCalls); i++)
        {
            int end = i + 1 < mentions.Count ? mentions[i + 1].Index : userText.Length;
            string segment = userText[mentions[i].Index..end];
            RunflowEmulatorTool tool = mentions[i].Tool;

            JsonNode? arguments = tool.Parameters is null
                ? new JsonObject()
                : Generate(new RunflowEmulatorJsonGenerator(tool.Parameters, new RunflowEmulatorTextValues([segment, .. valueTexts]), onlyRequiredAtTop: true, budget), $"tools[{IndexOf(request.Tools, tool)}].function.parameters");
            string argumentsText = (arguments as JsonObject ?? new JsonObject()).ToJsonString(JsonOptions);
            if (seen.Add((tool.Name, argumentsText)))
            {
                calls.Add(new RunflowEmulatorToolCallRecord($"call_{calls.Count + 1}", tool.Name, argumentsText));
            }
        }

        return calls;
    }

    private static string Instance(JsonNode? schema, List<string?> valueTexts, string field, RunflowEmulatorSchemaBudget budget) =>
        Generate(new RunflowEmulatorJsonGenerator(schema, new RunflowEmulatorTextValues([.. valueTexts]), onlyRequiredAtTop: false, budget), field)?.ToJsonString(JsonOptions) ?? "null";

    private static JsonNode? Generate(RunflowEmulatorJsonGenerator generator, string field)
    {
        try
        {
            return generator.Generate();
        }
        catch (RunflowEmulatorSchemaLimitException ex)
        {
            throw ex.At(field);
        }
    }

    private static int IndexOf(IReadOnlyList<RunflowEmulatorTool> tools, RunflowEmulatorTool tool)
    {
        for (int i = 0; i < tools.Count; i++)
        {
            if (ReferenceEquals(tools[i], tool))
            {
                return i;
            }
        }

        return -1;
    }

    private static string JsonReply(RunflowEmulatorChatRequest request, string core)
    {
        var reply = new JsonObject();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            reply["instructions"] = request.Instructions;
        }

        string[] system = request.Messages.Where(m => m.Role == "system" && !string.IsNullOrWhiteSpace(m.Content)).Select(m => m.Content!).ToArray();
        if (system.Length > 0)
        {
            reply["system"] = new JsonArray(system.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }

        reply["reply"] = core;
        return reply.ToJsonString(JsonOptions);
    }

    private static string VisibleInstructions(RunflowEmulatorChatRequest request)
    {
        var prefix = new StringBuilder();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            prefix.Append("[instructions: ").Append(request.Instructions).Append("] ");
        }

        foreach (RunflowEmulatorMessage message in request.Messages)
        {
            if (message.Role == "system" && !string.IsNullOrWhiteSpace(message.Content))
            {
                prefix.Append("[system: ").Append(message.Content).Append("] ");
            }
        }

        return prefix.ToString();
    }

    private static string? Think(RunflowEmulatorChatRequest request, string thought)
    {
        if (!request.ThinkingEnabled)
        {
            return null;
        }

        return request.ThinkingBudgetTokens is int budget && RunflowEmulatorTokenizer.TryTruncate(thought, budget, out string cut) ? cut : thought;
    }

    // Prompt-based structured output (a json_object request whose prompt carries the schema) gets an instance of that schema.
    private static (JsonNode? Schema, RunflowEmulatorMessage? Message, int Index) FindEmbeddedSchema(IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            string? content = messages[i].Content;
            int open = content?.IndexOf('{', StringComparison.Ordinal) ?? -1;
            if (open < 0 || content!.IndexOf("schema", StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            int close = content.LastIndexOf('}');
            if (close <= open)
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(content[open..(close + 1)]) is JsonObject schema &&
                    (schema.ContainsKey("properties") || schema.ContainsKey("type") || schema.ContainsKey("$schema")))
                {
                    return (schema, messages[i], i);
                }
            }
            catch (JsonException)
            {
            }
        }

        return (null, null, -1);
    }
}
