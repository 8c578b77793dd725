// A generic host: the Runflow chat client from configuration, with logging and OpenTelemetry in its pipeline.
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.Emulator;

// appsettings.json sits next to the program, wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The "Runflow" section: appsettings.json, then user secrets (in Development), environment variables such as
// Runflow__ApiKey, and the command line (--Runflow:ApiKey=…), each overriding the one before.
var runflow = builder.Configuration.GetSection("Runflow");

// Live Runflow when the configuration sets a key; otherwise the Runflow emulator, started here, so the sample runs offline.
await using var emulator = await StartEmulatorUnlessConfiguredAsync(builder.Configuration, runflow);

builder.Services.AddRunflowChatClient(runflow)
    .UseFunctionInvocation()
    .UseOpenTelemetry(sourceName: "Runflow.Samples")
    .UseLogging();

// Spans of each call go to the console when asked for: --Telemetry:Console=true (or Telemetry__Console=true).
if (builder.Configuration.GetValue<bool>("Telemetry:Console"))
{
    builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Runflow.Samples").AddConsoleExporter());
}

using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<IChatClient>();
const string question = "Hello! What can you do for me?";
Console.WriteLine($"> {question}");
var response = await client.GetResponseAsync(question);
Console.WriteLine(response.Text);
Console.WriteLine($"({response.Usage?.TotalTokenCount} tokens, finish reason {response.FinishReason})");

await host.StopAsync();

// Leaves a configured key, and everything else configured, as it is; without a key, starts the emulator and points only
// the section's endpoint and key at it, so the project, provider and model still come from appsettings.json.
static async Task<RunflowEmulator?> StartEmulatorUnlessConfiguredAsync(IConfigurationManager configuration, IConfigurationSection runflow)
{
    var configured = RunflowClientOptions.FromConfiguration(runflow);

    if (!string.IsNullOrWhiteSpace(configured.ApiKey))
    {
        Console.WriteLine($"Using live Runflow at {configured.Endpoint} (project {configured.ProjectId}, provider {configured.Provider}, model {configured.DefaultModelId}), from configuration.");
        return null;
    }

    var emulator = new RunflowEmulator();
    await emulator.StartAsync();
    configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"{runflow.Path}:Endpoint"] = emulator.Endpoint.ToString(),
        [$"{runflow.Path}:ApiKey"] = "emulator-key",
    });
    Console.WriteLine($"Using the embedded Runflow emulator at {emulator.Endpoint} (no Runflow:ApiKey is configured; set it in user secrets or as Runflow__ApiKey for live Runflow).");
    return emulator;
}
