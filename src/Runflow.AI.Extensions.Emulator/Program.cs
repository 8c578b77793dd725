using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Emulator;

/// <summary>The standalone emulator: <c>Runflow.AI.Extensions.Emulator [--port N] [--verbose] …</c>.</summary>
/// <remarks>An explicit, internal entry point: a top-level program would add a public <c>Program</c> type to the
/// package, which would clash with the <c>Program</c> of a user's web app in <c>WebApplicationFactory&lt;Program&gt;</c> tests.</remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new RunflowEmulatorOptions();
        if (!RunflowEmulatorCommandLine.TryParse(args, options, out bool verbose, out bool help, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(RunflowEmulatorCommandLine.Usage);
            return 2;
        }

        if (help)
        {
            Console.WriteLine(RunflowEmulatorCommandLine.Usage);
            return 0;
        }

        using ILoggerFactory? loggerFactory = verbose ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true)) : null;
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
        await emulator.StartAsync();
        Console.WriteLine($"Runflow emulator listening on {emulator.Endpoint}");
        Console.WriteLine($"  chat:       POST {new Uri(emulator.Endpoint, options.ChatPath)}");
        Console.WriteLine($"  stream:     POST {new Uri(emulator.Endpoint, options.StreamPath)}");
        Console.WriteLine($"  embeddings: POST {new Uri(emulator.Endpoint, options.EmbeddingsPath)}");
        Console.WriteLine($"  discover:   POST {new Uri(emulator.Endpoint, options.DiscoverPath)}");
        Console.WriteLine($"  files:      POST {new Uri(emulator.Endpoint, options.FilesPath)}");
        Console.WriteLine($"  images:     POST {new Uri(emulator.Endpoint, options.ImagesPath)}");
        Console.WriteLine("Press Ctrl+C to stop.");
        await stop.Task;
        return 0;
    }
}
