// A generic host: the Runflow chat client from configuration, with logging and OpenTelemetry in its pipeline.
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

await using var backend = await SampleBackend.StartAsync();

// appsettings.json sits next to the program, wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The "Runflow" section of appsettings.json; the API key and endpoint come from the environment or the emulator.
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Runflow:Endpoint"] = backend.Options.Endpoint.ToString(),
    ["Runflow:ApiKey"] = backend.Options.ApiKey,
    ["Runflow:ProjectId"] = backend.Options.ProjectId,
    ["Runflow:Provider"] = backend.Options.Provider,
    ["Runflow:DefaultModelId"] = backend.Options.DefaultModelId,
});

builder.Services.AddRunflowChatClient(builder.Configuration.GetSection("Runflow"))
    .UseFunctionInvocation()
    .UseOpenTelemetry(sourceName: "Runflow.Samples")
    .UseLogging();

builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Runflow.Samples").AddConsoleExporter());

using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<IChatClient>();
var response = await client.GetResponseAsync("Say hello to the hosting sample.");
Console.WriteLine(response.Text);

await host.StopAsync();
