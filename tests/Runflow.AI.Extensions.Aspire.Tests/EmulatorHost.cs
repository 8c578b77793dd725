using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Runflow.AI.Extensions.Emulator;

namespace Runflow.AI.Extensions.Aspire.Tests;

/// <summary>A running emulator on loopback and a host builder whose configuration points connection <c>runflow</c> at it,
/// as Aspire's <c>WithReference</c> would.</summary>
internal sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost(RunflowEmulator emulator) => Emulator = emulator;

    /// <summary>Gets the emulator.</summary>
    public RunflowEmulator Emulator { get; }

    /// <summary>Gets the connection string of the emulator with key <c>rf-test-key</c>.</summary>
    public string ConnectionString => $"Endpoint={Emulator.Endpoint};Key=rf-test-key;ProjectId=proj;Provider=openai;Model=gpt-4o-mini";

    /// <summary>Starts an emulator.</summary>
    /// <param name="options">Its options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host.</returns>
    public static async Task<EmulatorHost> StartAsync(RunflowEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new RunflowEmulator(options ?? new RunflowEmulatorOptions());
        await emulator.StartAsync(cancellationToken);
        return new EmulatorHost(emulator);
    }

    /// <summary>Creates an application builder with <c>ConnectionStrings:runflow</c> and the given extra settings.</summary>
    /// <param name="settings">More configuration keys and values, which win over the connection string above.</param>
    /// <returns>The builder.</returns>
    public HostApplicationBuilder CreateBuilder(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?> { ["ConnectionStrings:runflow"] = ConnectionString };
        foreach ((string key, string? value) in settings)
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        return builder;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
