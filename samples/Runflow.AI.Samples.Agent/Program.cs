// A Microsoft Agent Framework agent on Runflow, with tools and a two-turn conversation kept in its session.
using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();
using var client = new RunflowChatClient(backend.Options);

AIAgent agent = new ChatClientAgent(
    client,
    instructions: "You are a travel assistant. Use the tools to answer.",
    name: "travel-agent",
    tools: [AIFunctionFactory.Create(GetWeather, "get_weather"), AIFunctionFactory.Create(FindFlights, "find_flights")]);

var session = await agent.CreateSessionAsync();

foreach (var turn in new[]
{
    "What's the weather like in Lisbon?",
    "Are there any flights from Porto to Lisbon tonight?",
})
{
    Console.WriteLine($"> {turn}");
    var response = await agent.RunAsync(turn, session);
    Console.WriteLine(response.Text);
}

[Description("Gets the current weather for a city.")]
static string GetWeather([Description("The city")] string city)
{
    Console.WriteLine($"  [tool] get_weather(city: {city})");
    return $"{city}: sunny, 21°C";
}

[Description("Finds direct flights between two cities.")]
static string FindFlights([Description("Departure city")] string from, [Description("Arrival city")] string to)
{
    Console.WriteLine($"  [tool] find_flights(from: {from}, to: {to})");
    return $"TP1943 {from} → {to} at 18:05";
}
