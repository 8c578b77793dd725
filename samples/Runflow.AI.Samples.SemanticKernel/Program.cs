// A Semantic Kernel kernel on Runflow, with a plugin that the model calls automatically, and a chat history kept in
// Runflow's memory: each run loads the customer's conversation and appends its new messages, so the next run (or
// another replica) continues it.
using System.ComponentModel;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.Emulator;

// Offline, the emulator keeps its memory in a file, as Runflow keeps it on its servers, so the next run finds it.
await using var backend = await SampleBackend.StartAsync(
    new RunflowEmulatorOptions { MemoryStorePath = Path.Combine(Path.GetTempPath(), "runflow-sk-sample-memory.json") });
var runflow = backend.Options;

var builder = Kernel.CreateBuilder();
builder.AddRunflowChatClient(runflow.DefaultModelId!, runflow.ApiKey!, runflow.ProjectId!, runflow.Provider!, runflow.Endpoint);
builder.Plugins.AddFromType<OrdersPlugin>("orders");
var kernel = builder.Build();

var chat = kernel.GetRequiredService<IChatCompletionService>();
var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

const string MemoryId = "customer:sample";
using var memory = new RunflowMemoryClient(runflow);
ChatHistory history = await memory.LoadChatHistoryAsync(MemoryId);
Console.WriteLine(history.Count == 0
    ? $"New conversation {MemoryId}."
    : $"Continuing conversation {MemoryId}: Runflow remembers {history.Count} messages.");

var question = args.Length > 0 ? string.Join(' ', args) : "Where is my order A-1042?";
Console.WriteLine($"> {question}");
int before = history.Count;
history.AddUserMessage(question);

var answer = await chat.GetChatMessageContentAsync(history, settings, kernel);
history.Add(answer);
Console.WriteLine(answer.Content);

// The turn's messages (the question, the function call and its result, the answer) go to Runflow's memory.
foreach (ChatMessageContent message in history.Skip(before))
{
    await memory.AppendAsync(MemoryId, message);
}

Console.WriteLine($"Runflow's memory {MemoryId} now holds {history.Count} messages.");

/// <summary>A plugin the model can call.</summary>
internal sealed class OrdersPlugin
{
    [KernelFunction("get_order_status")]
    [Description("Gets the delivery status of an order.")]
    public string GetOrderStatus([Description("The order id, such as A-1042")] string orderId)
    {
        Console.WriteLine($"  [plugin] orders.get_order_status(orderId: {orderId})");
        return $"Order {orderId} left the warehouse and arrives tomorrow.";
    }
}
