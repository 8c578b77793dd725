// A minimal API whose /chat endpoint is answered by an Agent Framework agent on Runflow, wired by the Aspire client
// integration from the connection string the app host hands over (ConnectionStrings:runflow).
using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

var builder = WebApplication.CreateBuilder(args);

// What an Aspire ServiceDefaults project gives every HttpClient: a 10 s attempt and 30 s total timeout. The Runflow
// client drops it for its own HttpClient, so long generations and streams are not cut off.
builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

builder.AddRunflowChatClient("runflow").UseFunctionInvocation();
builder.Services.AddSingleton<AIAgent>(services => new ChatClientAgent(
    services.GetRequiredService<IChatClient>(),
    instructions: "You are a concise assistant. Use the tools when a question needs them.",
    name: "assistant",
    tools: [AIFunctionFactory.Create(GetUtcTime, "get_utc_time")]));

var app = builder.Build();

app.MapHealthChecks("/health");
app.MapGet("/chat", async (string message, AIAgent agent, CancellationToken cancellationToken) =>
    new ChatAnswer((await agent.RunAsync(message, cancellationToken: cancellationToken)).Text));
app.MapPost("/chat", async (ChatRequest request, AIAgent agent, CancellationToken cancellationToken) =>
    new ChatAnswer((await agent.RunAsync(request.Message, cancellationToken: cancellationToken)).Text));

app.Run();

[Description("Gets the current UTC time.")]
static string GetUtcTime() => DateTimeOffset.UtcNow.ToString("HH:mm");
