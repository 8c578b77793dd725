// A Semantic Kernel kernel on Runflow, with a plugin that the model calls automatically.
using System.ComponentModel;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

await using var backend = await SampleBackend.StartAsync();
var runflow = backend.Options;

var builder = Kernel.CreateBuilder();
builder.AddRunflowChatClient(runflow.DefaultModelId!, runflow.ApiKey!, runflow.ProjectId!, runflow.Provider!, runflow.Endpoint);
builder.Plugins.AddFromType<OrdersPlugin>("orders");
var kernel = builder.Build();

var chat = kernel.GetRequiredService<IChatCompletionService>();
var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
var history = new ChatHistory("You help customers track their orders.");

var question = args.Length > 0 ? string.Join(' ', args) : "Where is my order A-1042?";
Console.WriteLine($"> {question}");
history.AddUserMessage(question);

var answer = await chat.GetChatMessageContentAsync(history, settings, kernel);
Console.WriteLine(answer.Content);

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
