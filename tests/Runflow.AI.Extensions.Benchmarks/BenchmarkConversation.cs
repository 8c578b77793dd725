using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The request every row sends: four messages and, except for the streaming rows, one function tool.</summary>
/// <remarks>Built once and shared, so a row's allocations are the client's own, not the caller's.</remarks>
internal static class BenchmarkConversation
{
    /// <summary>The system message.</summary>
    public const string System = "You are a concise weather assistant. Answer in two sentences.";

    /// <summary>The first user message.</summary>
    public const string Question = "What is the weather like in Lisbon today?";

    /// <summary>The assistant's earlier turn.</summary>
    public const string Clarification = "Do you want the temperatures in Celsius or Fahrenheit?";

    /// <summary>The last user message.</summary>
    public const string Answer = "Celsius, please.";

    /// <summary>Gets the tool every non-streaming row offers.</summary>
    public static AIFunction GetWeather { get; } = AIFunctionFactory.Create(
        (string city) => "21 C, sunny", "get_weather", "Gets today's weather for a city.");

    /// <summary>Gets the four messages: system, user, assistant, user.</summary>
    public static IReadOnlyList<ChatMessage> Messages { get; } =
    [
        new(ChatRole.System, System),
        new(ChatRole.User, Question),
        new(ChatRole.Assistant, Clarification),
        new(ChatRole.User, Answer),
    ];

    /// <summary>Gets the options of the non-streaming rows: the model and <see cref="GetWeather"/>.</summary>
    public static ChatOptions WithTool { get; } = new() { ModelId = CannedReplies.Model, Tools = [GetWeather] };

    /// <summary>Gets the options of the streaming rows: no tools, since a Runflow stream that offers tools is served by the
    /// chat endpoint and would not stream.</summary>
    public static ChatOptions TextOnly { get; } = new() { ModelId = CannedReplies.Model };
}
