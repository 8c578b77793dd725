using Runflow.AI.Extensions;
using Runflow.AI.Extensions.Emulator;

/// <summary>
/// Chooses where a sample talks to: live Runflow when RUNFLOW_API_KEY is set (with RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER
/// and RUNFLOW_MODEL, and RUNFLOW_TENANT_ID for embeddings), otherwise the Runflow emulator started inside the sample,
/// so it runs offline.
/// </summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    private readonly RunflowEmulator? _emulator;

    private SampleBackend(RunflowClientOptions options, RunflowEmulator? emulator)
    {
        Options = options;
        _emulator = emulator;
    }

    /// <summary>Gets the client options pointing at the chosen backend.</summary>
    public RunflowClientOptions Options { get; }

    /// <summary>Picks the backend and, offline, starts the emulator.</summary>
    /// <param name="emulatorOptions">The emulator's options, offline; its defaults when <see langword="null"/>.</param>
    public static async Task<SampleBackend> StartAsync(RunflowEmulatorOptions? emulatorOptions = null)
    {
        var options = RunflowClientOptions.FromEnvironment();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            Console.WriteLine($"Using live Runflow at {options.Endpoint} (project {options.ProjectId}, provider {options.Provider}, model {options.DefaultModelId}).");
            return new SampleBackend(options, null);
        }

        var emulator = new RunflowEmulator(emulatorOptions ?? new RunflowEmulatorOptions());
        await emulator.StartAsync();
        Console.WriteLine($"Using the embedded Runflow emulator at {emulator.Endpoint} (set RUNFLOW_API_KEY, RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER and RUNFLOW_MODEL for live Runflow).");
        return new SampleBackend(
            new RunflowClientOptions
            {
                Endpoint = emulator.Endpoint,
                ApiKey = "emulator-key",
                TenantId = "sample-tenant",
                ProjectId = "sample-project",
                Provider = "openai",
                DefaultModelId = "gpt-4o",
            },
            emulator);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
