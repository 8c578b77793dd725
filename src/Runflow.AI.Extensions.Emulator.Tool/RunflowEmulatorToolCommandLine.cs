using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Runflow.AI.Extensions.Emulator;

namespace Runflow.AI.Extensions.Emulator.Tool;

/// <summary>
/// Reads the command line into <see cref="RunflowEmulatorOptions"/> through <c>Microsoft.Extensions.Configuration</c>:
/// each switch maps to a configuration key, and the <c>Emulator</c> section binds to the options.
/// </summary>
internal static class RunflowEmulatorToolCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        runflow-emulator: a local Runflow-compatible chat, embeddings, files and images server on 127.0.0.1.

        Usage: runflow-emulator [options]

          -p, --port <n>                  port on 127.0.0.1 (default 0: a free port)
          -k, --api-key <key>             accept only this key (repeatable; default: any non-empty key)
          -c, --chunk-size <n>            streamed chunk size in bytes (default 16)
          -d, --chunk-delay <ms>          pause between streamed chunks (default 0)
          -f, --fault-rate <0..1>         share of requests that get a random fault (default 0)
          -s, --seed <n>                  seed of the random faults (default 0)
          -e, --embeddings-envelope       wrap embeddings answers as { "success": true, "data": … }
          -t, --tenant-optional           answer embeddings requests without an x-runflow-tenant-id header
          -r, --max-recorded-requests <n> requests kept in memory (default 0: only in-process users can read them)
          -b, --max-body-size <bytes>     largest request body accepted, larger is 413 (default 33554432, 32 MiB)
          -m, --memory-store <file>       keep conversation memories in this file across runs (default: in memory)
              --upstream <url>            gateway mode: answer chat, stream and embeddings with this OpenAI-compatible
                                          server, such as http://localhost:11434/v1/ (Ollama)
              --upstream-key <key>        the upstream's key, sent as Authorization: Bearer (default: none)
              --upstream-model-map <a=b>  send model a to the upstream as b (repeatable, or comma-separated)
          -n, --no-inspector              serve no request inspector page at GET / (default: served)
          -v, --verbose                   log every request to the console
          -h, --help                      show this text
        """;

    /// <summary>
    /// How many requests the tool records unless told otherwise: none, since nothing outside the process can read
    /// them, and a server left running would otherwise hold the bodies of its last thousand requests.
    /// </summary>
    public const int DefaultMaxRecordedRequests = 0;

    private static readonly RunflowEmulatorToolSwitch[] s_switches =
    [
        new("--port", "-p", "Emulator:Port", "an integer from 0 to 65535", v => IsInt(v, 0, 65535)),
        new("--api-key", "-k", "Emulator:ApiKeys", "a non-blank key", v => !string.IsNullOrWhiteSpace(v), IsRepeatable: true),
        new("--chunk-size", "-c", "Emulator:StreamChunkSize", "an integer of at least 1", v => IsInt(v, 1, int.MaxValue)),
        new("--chunk-delay", "-d", "Tool:ChunkDelayMilliseconds", "a whole number of milliseconds, at least 0", v => IsInt(v, 0, int.MaxValue)),
        new("--fault-rate", "-f", "Emulator:FaultRate", "a number from 0 to 1", IsRate),
        new("--seed", "-s", "Emulator:Seed", "an integer", v => IsInt(v, int.MinValue, int.MaxValue)),
        new("--embeddings-envelope", "-e", "Emulator:EmbeddingsEnvelope", null, _ => true),
        new("--tenant-optional", "-t", "Tool:TenantOptional", null, _ => true),
        new("--max-recorded-requests", "-r", "Emulator:MaxRecordedRequests", "an integer of at least 0", v => IsInt(v, 0, int.MaxValue)),
        new("--max-body-size", "-b", "Emulator:MaxRequestBodySize", "a number of bytes, at least 0", v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _)),
        new("--memory-store", "-m", "Emulator:MemoryStorePath", "a file path", v => !string.IsNullOrWhiteSpace(v)),
        new("--upstream", null, "Emulator:Upstream", "an absolute http or https URL without user info", IsUpstream, IsSecret: true),
        new("--upstream-key", null, "Emulator:UpstreamApiKey", "a non-blank key", v => !string.IsNullOrWhiteSpace(v), IsSecret: true),
        new("--upstream-model-map", null, "Tool:UpstreamModelMap", "model=upstream-model pairs, comma-separated", v => ModelMapPairs(v) is not null, IsRepeatable: true),
        new("--no-inspector", "-n", "Tool:NoInspector", null, _ => true),
        new("--verbose", "-v", "Tool:Verbose", null, _ => true),
        new("--help", "-h", "Tool:Help", null, _ => true),
    ];

    /// <summary>Gets the switch mappings handed to <c>AddCommandLine</c>: each long and short form to its key.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } =
        s_switches.SelectMany(s => s.ShortName is null ? new[] { (s.Name, s.Key) } : [(s.Name, s.Key), (s.ShortName, s.Key)])
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>, starting from the tool's defaults.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="arguments">What they ask for.</param>
    /// <param name="error">What is wrong with them, naming the switch, when they are not valid.</param>
    /// <returns><see langword="true"/> when the arguments are valid.</returns>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out RunflowEmulatorToolArguments? arguments, [NotNullWhen(false)] out string? error)
    {
        arguments = null;
        if (!TryNormalize(args, out string[]? normalized, out error))
        {
            return false;
        }

        // AddCommandLine reads "--switch value" pairs and ignores what it cannot read; the checks above left it only
        // "--switch=value" items it can, flags given their "true", and each repeated key its own index.
        IConfiguration configuration = new ConfigurationBuilder()
            .AddCommandLine(normalized, SwitchMappings.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))
            .Build();

        var options = new RunflowEmulatorOptions { MaxRecordedRequests = DefaultMaxRecordedRequests };
        configuration.GetSection("Emulator").Bind(options);
        IConfigurationSection tool = configuration.GetSection("Tool");
        if (tool.GetValue<bool>("TenantOptional"))
        {
            options.RequireTenantForEmbeddings = false;
        }

        if (tool.GetValue<bool>("NoInspector"))
        {
            options.EnableInspector = false;
        }

        if (tool.GetValue<int?>("ChunkDelayMilliseconds") is { } delay)
        {
            options.StreamChunkDelay = TimeSpan.FromMilliseconds(delay);
        }

        // Model names such as llama3.2:1b hold the ':' configuration keys are split on, so the pairs are read here.
        foreach (IConfigurationSection map in tool.GetSection("UpstreamModelMap").GetChildren())
        {
            foreach ((string model, string upstreamModel) in ModelMapPairs(map.Value!)!)
            {
                options.UpstreamModelMap[model] = upstreamModel;
            }
        }

        arguments = new RunflowEmulatorToolArguments
        {
            Options = options,
            Verbose = tool.GetValue<bool>("Verbose"),
            Help = tool.GetValue<bool>("Help"),
        };
        return true;
    }

    private static bool TryNormalize(string[] args, [NotNullWhen(true)] out string[]? normalized, [NotNullWhen(false)] out string? error)
    {
        var items = new List<string>(args.Length);
        var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
        normalized = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            int equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            string name = equals < 0 ? arg : arg[..equals];
            RunflowEmulatorToolSwitch? option = s_switches.FirstOrDefault(s => s.Name == name || s.ShortName == name);
            if (option is null)
            {
                error = name.StartsWith('-') ? $"unknown switch {name}." : $"unexpected argument '{arg}'; every value follows its switch.";
                return false;
            }

            if (option.IsFlag)
            {
                if (equals >= 0)
                {
                    error = $"{option.Name} takes no value.";
                    return false;
                }

                items.Add($"{name}=true");
                if (option.Key == "Tool:Help")
                {
                    // Help wins over whatever else is on the line, as it always has.
                    break;
                }

                continue;
            }

            string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Length ? args[++i] : null;
            if (value is null)
            {
                error = $"{option.Name} needs a value: {option.Expected}.";
                return false;
            }

            if (!option.IsValid(value))
            {
                error = option.IsSecret ? $"{option.Name} must be {option.Expected}." : $"{option.Name} must be {option.Expected}, not '{value}'.";
                return false;
            }

            if (option.IsRepeatable)
            {
                int index = repeats[option.Key] = repeats.GetValueOrDefault(option.Key, -1) + 1;
                items.Add(string.Create(CultureInfo.InvariantCulture, $"--{option.Key}:{index}={value}"));
            }
            else
            {
                items.Add($"{name}={value}");
            }
        }

        normalized = [.. items];
        error = null;
        return true;
    }

    private static bool IsUpstream(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.UserInfo.Length == 0;

    // "gpt-4o=llama3.2,text-embedding-3-small=nomic-embed-text"; null when any pair lacks a side.
    private static List<(string Model, string UpstreamModel)>? ModelMapPairs(string text)
    {
        var pairs = new List<(string, string)>();
        foreach (string pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return null;
            }

            pairs.Add((pair[..equals].Trim(), pair[(equals + 1)..].Trim()));
        }

        return pairs.Count == 0 ? null : pairs;
    }

    private static bool IsInt(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max;

    private static bool IsRate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value is >= 0 and <= 1;
}
