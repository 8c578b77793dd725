using System.Globalization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads the standalone emulator's command line into <see cref="RunflowEmulatorOptions"/>.</summary>
internal static class RunflowEmulatorCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Runflow emulator: a local Runflow-compatible chat, embeddings, files and images server.

        Usage: dotnet run --project src/Runflow.AI.Extensions.Emulator -- [options]

          --port <n>            port on 127.0.0.1 (default 0: a free port)
          --api-key <key>       accept only this key (repeatable; default: any non-empty key)
          --chunk-size <n>      streamed chunk size in bytes (default 16)
          --chunk-delay <ms>    pause between streamed chunks (default 0)
          --fault-rate <0..1>   share of requests that get a random fault (default 0)
          --seed <n>            seed of the random faults (default 0)
          --embeddings-envelope wrap embeddings answers as { "success": true, "data": … }
          --tenant-optional     answer embeddings requests without an x-runflow-tenant-id header
          --max-recorded-requests <n>
                                requests kept in memory (default 0: only in-process users can read them)
          --max-body-size <bytes>
                                largest request body accepted, larger is 413 (default 33554432, 32 MiB)
          --verbose             log every request to the console
          --help                show this text
        """;

    /// <summary>
    /// How many requests the standalone server records unless told otherwise: none, since nothing outside the process
    /// can read them, and a server left running would otherwise hold the bodies of its last thousand requests.
    /// </summary>
    public const int DefaultMaxRecordedRequests = 0;

    /// <summary>Parses <paramref name="args"/>, starting from the standalone server's defaults.</summary>
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
        options.MaxRecordedRequests = DefaultMaxRecordedRequests;
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
                "--max-recorded-requests" => TryInt(value, 0, int.MaxValue, v => options.MaxRecordedRequests = v),
                "--max-body-size" => TryLong(value, 0, long.MaxValue, v => options.MaxRequestBodySize = v),
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

    private static bool TryLong(string text, long min, long max, Action<long> set)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
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
