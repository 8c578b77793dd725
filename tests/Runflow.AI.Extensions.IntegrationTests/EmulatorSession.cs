using Runflow.AI.Extensions.Emulator;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A started emulator and a client pointed at it, for tests that need their own emulator settings.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    public const string ApiKey = "rf_test_session_key";

    private EmulatorSession(RunflowEmulator emulator, RunflowClientOptions options)
    {
        Emulator = emulator;
        Options = options;
        Client = new RunflowChatClient(options);
    }

    public RunflowEmulator Emulator { get; }

    public RunflowClientOptions Options { get; }

    public RunflowChatClient Client { get; }

    public static async Task<EmulatorSession> StartAsync(
        RunflowEmulatorOptions? emulatorOptions = null, Action<RunflowClientOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var emulator = new RunflowEmulator(emulatorOptions ?? new RunflowEmulatorOptions());
        await emulator.StartAsync(cancellationToken);
        var options = new RunflowClientOptions
        {
            Endpoint = emulator.Endpoint,
            ApiKey = ApiKey,
            TenantId = "tenant_session",
            ProjectId = "proj_session",
            Provider = "openai",
            DefaultModelId = "gpt-4o",
            NetworkTimeout = TimeSpan.FromSeconds(30),
            StreamIdleTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return new EmulatorSession(emulator, options);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
