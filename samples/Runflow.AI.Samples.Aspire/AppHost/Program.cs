// The Aspire app host: the chat service, and Runflow beside it. With no key set it runs the Runflow emulator as a local
// resource; set one (dotnet user-secrets set Parameters:runflow-key rf-…, with runflow-project, runflow-provider and
// runflow-model) and the service calls live Runflow instead.
var builder = DistributedApplication.CreateBuilder(args);

IResourceBuilder<IResourceWithConnectionString> runflow = string.IsNullOrEmpty(builder.Configuration["Parameters:runflow-key"])
    ? builder.AddRunflowEmulator("runflow", Path.Combine(AppContext.BaseDirectory, "Runflow.AI.Extensions.Emulator.Tool.dll"))
    : builder.AddRunflow("runflow");

builder.AddProject<Projects.Runflow_AI_Samples_Aspire_ChatService>("chat")
    .WithReference(runflow)
    .WaitFor(runflow)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
