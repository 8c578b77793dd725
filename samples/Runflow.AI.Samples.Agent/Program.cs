// A Microsoft Agent Framework agent whose conversation lives in Runflow's memory, not in the process: run the sample
// twice and the second run continues the first. The session file keeps only the memory's id. `--new` starts over.
using System.ComponentModel;
using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.AgentFramework;
using Runflow.AI.Extensions.Emulator;

string folder = Path.Combine(Path.GetTempPath(), "runflow-agent-sample");
string sessionFile = Path.Combine(folder, "session.json");
Directory.CreateDirectory(folder);
if (args.Contains("--new"))
{
    File.Delete(sessionFile);
    File.Delete(Path.Combine(folder, "emulator-memory.json"));
}

// Offline, the emulator keeps its memory in a file, as Runflow keeps it on its servers, so the next run finds it.
await using var backend = await SampleBackend.StartAsync(new RunflowEmulatorOptions { MemoryStorePath = Path.Combine(folder, "emulator-memory.json") });
using var runflow = new RunflowChatClient(backend.Options);
using var memory = new RunflowMemoryClient(backend.Options);
var history = new RunflowChatHistoryProvider(memory);

IChatClient client = runflow.AsBuilder()
    .Use(async (messages, options, next, cancellationToken) =>
    {
        int count = messages.Count();
        Console.WriteLine($"  [runflow] the model gets {count} message{(count == 1 ? "" : "s")}");
        await next(messages, options, cancellationToken);
    })
    .Build();

AIAgent agent = new ChatClientAgent(client, new ChatClientAgentOptions
{
    Name = "travel-agent",
    ChatOptions = new ChatOptions
    {
        Instructions = "You are a travel assistant. Use the tools to answer.",
        Tools = [AIFunctionFactory.Create(GetWeather, "get_weather"), AIFunctionFactory.Create(FindFlights, "find_flights")],
    },
    ChatHistoryProvider = history,
});

AgentSession session;
string[] turns;
if (File.Exists(sessionFile))
{
    using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(sessionFile));
    session = await agent.DeserializeSessionAsync(saved.RootElement);
    string memoryId = history.GetMemoryId(session);
    RunflowMemory? earlier = await memory.GetAsync(memoryId);
    Console.WriteLine($"Continuing conversation {memoryId}; Runflow remembers {earlier?.Messages.Count ?? 0} messages from before:");
    foreach (RunflowMemoryMessage message in earlier?.Messages ?? [])
    {
        Console.WriteLine($"  {message.ToChatMessage().Role,-9} {message.Content}");
    }

    turns = ["Are there any flights from Porto to Lisbon tonight?"];
}
else
{
    session = await agent.CreateSessionAsync();
    Console.WriteLine($"New conversation {history.GetMemoryId(session)}; run the sample again to continue it.");
    turns = ["I'm planning a weekend in Lisbon.", "What's the weather like in Lisbon?"];
}

foreach (string turn in turns)
{
    Console.WriteLine($"> {turn}");
    AgentResponse response = await agent.RunAsync(turn, session);
    Console.WriteLine(response.Text);
}

await File.WriteAllTextAsync(sessionFile, (await agent.SerializeSessionAsync(session)).GetRawText());
Console.WriteLine($"Session saved to {sessionFile}: it holds the memory id, the messages stay in Runflow.");

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
