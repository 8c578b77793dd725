// A streaming chat in the terminal: the prompt from the arguments, or an interactive loop until an empty line.
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();
using IChatClient client = new RunflowChatClient(backend.Options);

List<ChatMessage> history = [new(ChatRole.System, "You are a concise assistant.")];

if (args.Length > 0)
{
    await AskAsync(string.Join(' ', args));
    return;
}

while (Console.ReadLine() is { Length: > 0 } line)
{
    await AskAsync(line);
}

async Task AskAsync(string prompt)
{
    Console.WriteLine($"> {prompt}");
    history.Add(new ChatMessage(ChatRole.User, prompt));

    List<ChatResponseUpdate> updates = [];
    await foreach (var update in client.GetStreamingResponseAsync(history))
    {
        Console.Write(update.Text);
        updates.Add(update);
    }

    Console.WriteLine();
    history.AddMessages(updates);
}
