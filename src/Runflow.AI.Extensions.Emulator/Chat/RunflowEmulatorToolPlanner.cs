using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Decides which tools the model calls for the last user message, and with which arguments.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A tool whose name the message writes (<c>get_weather</c>) is called once per mention, each call reading its
/// values from the text up to the next mention first.</item>
/// <item>A tool the message's words are about is called once: a word of its name (<c>weather</c> for <c>get_weather</c>,
/// <c>time</c> for <c>GetLocalTime</c>), compared as lower-case stems without stop words; only when no tool's name
/// matches, a word of its description.</item>
/// <item>Calls come in the order of their first mention; a call identical to an earlier one is made once. A forced
/// <c>toolChoice</c> with nothing matched calls the first candidate.</item>
/// </list>
/// </remarks>
internal static class RunflowEmulatorToolPlanner
{
    /// <summary>Plans the tool calls for a request whose last message may ask for them.</summary>
    /// <param name="request">The request.</param>
    /// <param name="valueTexts">The other texts to read values from, most specific first.</param>
    /// <param name="budget">The work and size left to the answer.</param>
    /// <returns>The calls, possibly none.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">A tool's schema asks for more than the emulator generates.</exception>
    public static List<RunflowEmulatorToolCallRecord> Plan(RunflowEmulatorChatRequest request, List<string?> valueTexts, RunflowEmulatorSchemaBudget budget)
    {
        IReadOnlyList<RunflowEmulatorTool> candidates = request.ToolChoiceName is string chosen
            ? request.Tools.Where(t => t.Name == chosen).ToList()
            : request.Tools;

        RunflowEmulatorMessage last = request.Messages[^1];
        string userText = last.Role == "user" ? last.Content ?? string.Empty : string.Empty;

        // Index, tool, and whether the text writes the tool's name there (so its values follow it).
        var mentions = new List<(int Index, RunflowEmulatorTool Tool, bool Written)>();
        foreach (RunflowEmulatorTool tool in candidates)
        {
            var pattern = new Regex(
                $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(tool.Name)}(?![\p{{L}}\p{{N}}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));

            // One mention past the cap is kept: where it starts is where the last call's text ends.
            Match match = pattern.Match(userText);
            for (int found = 0; match.Success && found <= RunflowEmulatorModel.MaxToolCalls; found++, match = match.NextMatch())
            {
                mentions.Add((match.Index, tool, true));
            }
        }

        mentions.AddRange(MeantTools(candidates, userText, mentions.Select(m => m.Tool).ToHashSet()).Select(m => (m.Index, m.Tool, false)));
        mentions.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (mentions.Count == 0 && (request.ToolChoiceName is not null || request.ToolChoiceRequired) && candidates.Count > 0)
        {
            mentions.Add((userText.Length, candidates[0], false));
        }

        var writtenAt = mentions.Where(m => m.Written).Select(m => m.Index).ToList();
        var shared = new Dictionary<RunflowEmulatorTool, RunflowEmulatorTextValues>();
        var calls = new List<RunflowEmulatorToolCallRecord>();
        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < Math.Min(mentions.Count, RunflowEmulatorModel.MaxToolCalls); i++)
        {
            (int index, RunflowEmulatorTool tool, bool written) = mentions[i];
            string segment = userText;
            if (written)
            {
                int end = writtenAt.FirstOrDefault(at => at > index, userText.Length);
                segment = userText[index..end];
            }

            if (!shared.TryGetValue(tool, out RunflowEmulatorTextValues? conversation))
            {
                conversation = new RunflowEmulatorTextValues(tool.Parameters, valueTexts);
                shared[tool] = conversation;
            }

            JsonNode? arguments = tool.Parameters is null
                ? new JsonObject()
                : RunflowEmulatorModel.Generate(
                    new RunflowEmulatorJsonGenerator(tool.Parameters, new RunflowEmulatorTextValues(tool.Parameters, [segment], conversation), onlyRequiredAtTop: true, budget),
                    $"tools[{IndexOf(request.Tools, tool)}].function.parameters");
            string argumentsText = (arguments as JsonObject ?? new JsonObject()).ToJsonString(RunflowEmulatorModel.JsonOptions);
            if (seen.Add((tool.Name, argumentsText)))
            {
                calls.Add(new RunflowEmulatorToolCallRecord($"call_{calls.Count + 1}", tool.Name, argumentsText));
            }
        }

        return calls;
    }

    // The tools the message is about though it does not write their names: by the words of their names first, and
    // only when no name matches, by the words of their descriptions.
    private static List<(int Index, RunflowEmulatorTool Tool)> MeantTools(IReadOnlyList<RunflowEmulatorTool> candidates, string userText, HashSet<RunflowEmulatorTool> written)
    {
        List<(string Stem, int Index)> words = RunflowEmulatorWords.OfMessage(userText);
        var meant = new List<(int, RunflowEmulatorTool)>();
        if (words.Count == 0)
        {
            return meant;
        }

        foreach (Func<RunflowEmulatorTool, HashSet<string>> vocabulary in new Func<RunflowEmulatorTool, HashSet<string>>[]
            { t => RunflowEmulatorWords.OfName(t.Name), t => RunflowEmulatorWords.OfDescription(t.Description) })
        {
            foreach (RunflowEmulatorTool tool in candidates.Where(t => !written.Contains(t)))
            {
                HashSet<string> toolWords = vocabulary(tool);
                int first = words.FindIndex(w => toolWords.Contains(w.Stem));
                if (first >= 0)
                {
                    meant.Add((words[first].Index, tool));
                }
            }

            if (meant.Count > 0 || written.Count > 0)
            {
                break;
            }
        }

        return meant;
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
}
