using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Emulator.Tool;

/// <summary>The <c>runflow-emulator</c> tool: <c>runflow-emulator [--port N] [--verbose] …</c>.</summary>
/// <remarks>An explicit, internal entry point: a top-level program would add a public <c>Program</c> type, which would
/// clash with the <c>Program</c> of a user's web app in <c>WebApplicationFactory&lt;Program&gt;</c> tests.</remarks>
internal static class Program
{
    private const string Name = "runflow-emulator";

    public static async Task<int> Main(string[] args)
    {
        if (!RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error))
        {
            Console.Error.WriteLine($"{Name}: {error}");
            Console.Error.WriteLine(RunflowEmulatorToolCommandLine.Usage);
            return 2;
        }

        if (arguments.Help)
        {
            Console.WriteLine(RunflowEmulatorToolCommandLine.Usage);
            return 0;
        }

        RunflowEmulatorOptions options = arguments.Options;
        using ILoggerFactory? loggerFactory = arguments.Verbose ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true)) : null;
        options.LoggerFactory = loggerFactory;

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });

        await using var emulator = new RunflowEmulator(options);
        try
        {
            await emulator.StartAsync();
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            Console.Error.WriteLine($"{Name}: port {options.Port} is already in use on 127.0.0.1; choose another with --port.");
            return 1;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"{Name}: cannot listen on 127.0.0.1:{options.Port}: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"Runflow emulator listening on {emulator.Endpoint}");
        Console.WriteLine($"  chat:       POST {new Uri(emulator.Endpoint, options.ChatPath)}");
        Console.WriteLine($"  stream:     POST {new Uri(emulator.Endpoint, options.StreamPath)}");
        Console.WriteLine($"  embeddings: POST {new Uri(emulator.Endpoint, options.EmbeddingsPath)}");
        Console.WriteLine($"  discover:   POST {new Uri(emulator.Endpoint, options.DiscoverPath)}");
        Console.WriteLine($"  files:      POST {new Uri(emulator.Endpoint, options.FilesPath)}");
        Console.WriteLine($"  images:     POST {new Uri(emulator.Endpoint, options.ImagesPath)}");
        if (options.Upstream is { } upstream)
        {
            string map = string.Join(", ", options.UpstreamModelMap.Select(p => $"{p.Key} -> {p.Value}"));
            Console.WriteLine($"  gateway:    chat, stream and embeddings answered by {upstream}{(map.Length > 0 ? $" ({map})" : string.Empty)}");
        }

        if (options.EnableInspector)
        {
            Console.WriteLine($"  inspector:  GET  {emulator.Endpoint}");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
        await stop.Task;
        return 0;
    }
}
