// Automatic tool calling with Microsoft.Extensions.AI's UseFunctionInvocation over Runflow.
using System.ComponentModel;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();

IChatClient client = new RunflowChatClient(backend.Options)
    .AsBuilder()
    .UseFunctionInvocation()
    .Build();

var options = new ChatOptions
{
    Tools =
    [
        AIFunctionFactory.Create(GetWeather, "get_weather"),
        AIFunctionFactory.Create(GetLocalTime, "get_local_time"),
    ],
};

var question = args.Length > 0
    ? string.Join(' ', args)
    : "What's the weather in Lisbon and the local time there?";
Console.WriteLine($"> {question}");

var response = await client.GetResponseAsync(question, options);
Console.WriteLine(response.Text);
Console.WriteLine($"({response.Usage?.TotalTokenCount} tokens, finish reason {response.FinishReason})");

[Description("Gets the current weather for a city.")]
static string GetWeather([Description("The city name")] string city)
{
    Console.WriteLine($"  [tool] get_weather(city: {city})");
    return $"{city}: sunny, 21°C";
}

[Description("Gets the local time in an IANA time zone.")]
static string GetLocalTime([Description("An IANA time zone such as Europe/Lisbon")] string timeZone)
{
    Console.WriteLine($"  [tool] get_local_time(timeZone: {timeZone})");
    var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
    return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).ToString("HH:mm");
}
