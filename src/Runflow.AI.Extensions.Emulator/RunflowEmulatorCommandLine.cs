using System.Globalization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads the standalone emulator's command line into <see cref="RunflowEmulatorOptions"/>.</summary>
internal static class RunflowEmulatorCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Runflow emulator: a local Runflow-compatible chat and embeddings server.

        Usage: dotnet run --project src/Runflow.AI.Extensions.Emulator -- [options]

          --port <n>            port on 127.0.0.1 (default 0: a free port)
          --api-key <key>       accept only this key (repeatable; default: any non-empty key)
          --chunk-size <n>      streamed chunk size in bytes (default 16)
          --chunk-delay <ms>    pause between streamed chunks (default 0)
          --fault-rate <0..1>   share of requests that get a random fault (default 0)
          --seed <n>            seed of the random faults (default 0)
          --embeddings-envelope wrap embeddings answers as { "success": true, "data": … }
          --tenant-optional     answer embeddings requests without an x-runflow-tenant-id header
          --verbose             log every request to the console
          --help                show this text
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options to fill.</param>
    /// <param name="verbose">Whether to log to the console.</param>
    /// <param name="help">Whether help was asked for.</param>
    /// <param name="error">What is wrong with the arguments, if anything.</param>
    /// <returns><see langword="true"/> when the arguments are valid.</returns>
    public static bool TryParse(string[] args, RunflowEmulatorOptions options, out bool verbose, out bool help, out string? error)
    {
        verbose = false;
        help = false;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    help = true;
                    return true;
                case "--verbose":
                    verbose = true;
                    continue;
                case "--embeddings-envelope":
                    options.EmbeddingsEnvelope = true;
                    continue;
                case "--tenant-optional":
                    options.RequireTenantForEmbeddings = false;
                    continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return false;
            }

            string value = args[++i];
            bool ok = name switch
            {
                "--port" => TryInt(value, 0, 65535, v => options.Port = v),
                "--api-key" => Add(value, options.ApiKeys),
                "--chunk-size" => TryInt(value, 1, int.MaxValue, v => options.StreamChunkSize = v),
                "--chunk-delay" => TryInt(value, 0, int.MaxValue, v => options.StreamChunkDelay = TimeSpan.FromMilliseconds(v)),
                "--fault-rate" => TryRate(value, v => options.FaultRate = v),
                "--seed" => TryInt(value, int.MinValue, int.MaxValue, v => options.Seed = v),
                _ => false,
            };

            if (!ok)
            {
                error = $"Unknown option or bad value: {name} {value}";
                return false;
            }
        }

        return true;
    }

    private static bool TryInt(string text, int min, int max, Action<int> set)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            return false;
        }

        set(value);
        return true;
    }

    private static bool TryRate(string text, Action<double> set)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value is < 0 or > 1)
        {
            return false;
        }

        set(value);
        return true;
    }

    private static bool Add(string key, ICollection<string> keys)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        keys.Add(key);
        return true;
    }
}
