using Runflow.AI.Extensions.Emulator;

namespace Runflow.AI.Extensions.Emulator.Tool.Tests;

/// <summary>The tool's command line, read through configuration into the emulator's options.</summary>
public sealed class RunflowEmulatorToolCommandLineTests
{
    [Fact]
    public void TryParse_NoSwitches_KeepsNoRequestsAndThe32MiBBodyBound()
    {
        Assert.True(RunflowEmulatorToolCommandLine.TryParse([], out RunflowEmulatorToolArguments? arguments, out string? error), error);

        RunflowEmulatorOptions defaults = new();
        Assert.Equal(0, arguments.Options.MaxRecordedRequests);
        Assert.Equal(32 * 1024 * 1024, arguments.Options.MaxRequestBodySize);
        Assert.Equal(defaults.Port, arguments.Options.Port);
        Assert.Equal(defaults.StreamChunkSize, arguments.Options.StreamChunkSize);
        Assert.True(arguments.Options.RequireTenantForEmbeddings);
        Assert.False(arguments.Options.EmbeddingsEnvelope);
        Assert.Empty(arguments.Options.ApiKeys);
        Assert.False(arguments.Verbose);
        Assert.False(arguments.Help);
    }

    [Fact]
    public void TryParse_EveryLongSwitch_SetsItsOption()
    {
        string[] args =
        [
            "--port", "5080", "--api-key", "k1", "--api-key", "k2", "--chunk-size", "5", "--chunk-delay", "25",
            "--fault-rate", "0.25", "--seed", "-7", "--embeddings-envelope", "--tenant-optional",
            "--max-recorded-requests", "50", "--max-body-size", "4096", "--memory-store", "/tmp/memories.json", "--verbose",
        ];

        Assert.True(RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error), error);

        RunflowEmulatorOptions options = arguments.Options;
        Assert.Equal(5080, options.Port);
        Assert.Equal(["k1", "k2"], options.ApiKeys);
        Assert.Equal(5, options.StreamChunkSize);
        Assert.Equal(TimeSpan.FromMilliseconds(25), options.StreamChunkDelay);
        Assert.Equal(0.25, options.FaultRate);
        Assert.Equal(-7, options.Seed);
        Assert.True(options.EmbeddingsEnvelope);
        Assert.False(options.RequireTenantForEmbeddings);
        Assert.Equal(50, options.MaxRecordedRequests);
        Assert.Equal(4096, options.MaxRequestBodySize);
        Assert.Equal("/tmp/memories.json", options.MemoryStorePath);
        Assert.True(arguments.Verbose);
        Assert.False(arguments.Help);
    }

    [Fact]
    public void TryParse_ShortFormsAndEqualsValues_MapToTheSameOptions()
    {
        string[] args = ["-p", "6000", "-k", "only", "-c", "2", "-d", "3", "-f", "1", "-s", "9", "-e", "-t", "-r", "4", "-b", "100", "-m", "m.json", "-v", "--port=6001"];

        Assert.True(RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error), error);

        RunflowEmulatorOptions options = arguments.Options;
        Assert.Equal(6001, options.Port);
        Assert.Equal(["only"], options.ApiKeys);
        Assert.Equal(2, options.StreamChunkSize);
        Assert.Equal(TimeSpan.FromMilliseconds(3), options.StreamChunkDelay);
        Assert.Equal(1, options.FaultRate);
        Assert.Equal(9, options.Seed);
        Assert.True(options.EmbeddingsEnvelope);
        Assert.False(options.RequireTenantForEmbeddings);
        Assert.Equal(4, options.MaxRecordedRequests);
        Assert.Equal(100, options.MaxRequestBodySize);
        Assert.Equal("m.json", options.MemoryStorePath);
        Assert.True(arguments.Verbose);
    }

    [Fact]
    public void TryParse_UpstreamSwitches_SetGatewayMode()
    {
        string[] args =
        [
            "--upstream", "http://localhost:11434/v1/", "--upstream-key", "sk-local",
            "--upstream-model-map", "gpt-4o=llama3.2:1b, text-embedding-3-small=nomic-embed-text", "--upstream-model-map=gpt-4o-mini=qwen2.5:0.5b",
        ];

        Assert.True(RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error), error);

        RunflowEmulatorOptions options = arguments.Options;
        Assert.Equal(new Uri("http://localhost:11434/v1/"), options.Upstream);
        Assert.Equal("sk-local", options.UpstreamApiKey);
        Assert.Equal(
            new Dictionary<string, string> { ["gpt-4o"] = "llama3.2:1b", ["text-embedding-3-small"] = "nomic-embed-text", ["gpt-4o-mini"] = "qwen2.5:0.5b" },
            options.UpstreamModelMap);
    }

    [Theory]
    [InlineData("--upstream-model-map", "gpt-4o", "--upstream-model-map must be model=upstream-model pairs, comma-separated, not 'gpt-4o'.")]
    [InlineData("--upstream-model-map", "=llama3.2", "--upstream-model-map must be model=upstream-model pairs, comma-separated, not '=llama3.2'.")]
    [InlineData("--upstream", "ftp://localhost/v1", "--upstream must be an absolute http or https URL without user info.")]
    [InlineData("--upstream", "http://user:sk-secret@localhost/v1", "--upstream must be an absolute http or https URL without user info.")]
    [InlineData("--upstream-key", " ", "--upstream-key must be a non-blank key.")]
    public void TryParse_BadUpstreamValue_FailsNamingTheSwitchAndNeverRepeatingACredential(string name, string value, string expected)
    {
        Assert.False(RunflowEmulatorToolCommandLine.TryParse([name, value], out _, out string? error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void SwitchMappings_NameEveryLongAndShortForm()
    {
        Assert.Equal("Emulator:Port", RunflowEmulatorToolCommandLine.SwitchMappings["--port"]);
        Assert.Equal("Emulator:Port", RunflowEmulatorToolCommandLine.SwitchMappings["-p"]);
        Assert.Equal(31, RunflowEmulatorToolCommandLine.SwitchMappings.Count);
        Assert.All(RunflowEmulatorToolCommandLine.SwitchMappings.Keys, name => Assert.Contains(name, RunflowEmulatorToolCommandLine.Usage, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void TryParse_Help_WinsOverWhatFollows(string help)
    {
        Assert.True(RunflowEmulatorToolCommandLine.TryParse(["--port", "1", help, "--bogus"], out RunflowEmulatorToolArguments? arguments, out string? error), error);

        Assert.True(arguments.Help);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown switch --bogus.")]
    [InlineData(new[] { "-x", "1" }, "unknown switch -x.")]
    [InlineData(new[] { "--Port", "1" }, "unknown switch --Port.")]
    [InlineData(new[] { "5080" }, "unexpected argument '5080'; every value follows its switch.")]
    [InlineData(new[] { "--port" }, "--port needs a value: an integer from 0 to 65535.")]
    [InlineData(new[] { "--port", "abc" }, "--port must be an integer from 0 to 65535, not 'abc'.")]
    [InlineData(new[] { "-p", "65536" }, "--port must be an integer from 0 to 65535, not '65536'.")]
    [InlineData(new[] { "--fault-rate", "1.5" }, "--fault-rate must be a number from 0 to 1, not '1.5'.")]
    [InlineData(new[] { "--chunk-size", "0" }, "--chunk-size must be an integer of at least 1, not '0'.")]
    [InlineData(new[] { "--max-recorded-requests", "-1" }, "--max-recorded-requests must be an integer of at least 0, not '-1'.")]
    [InlineData(new[] { "--max-body-size", "-5" }, "--max-body-size must be a number of bytes, at least 0, not '-5'.")]
    [InlineData(new[] { "--max-body-size", "lots" }, "--max-body-size must be a number of bytes, at least 0, not 'lots'.")]
    [InlineData(new[] { "--api-key", " " }, "--api-key must be a non-blank key, not ' '.")]
    [InlineData(new[] { "--verbose=false" }, "--verbose takes no value.")]
    public void TryParse_BadArguments_AreRefusedNamingTheSwitch(string[] args, string expected)
    {
        Assert.False(RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error));

        Assert.Null(arguments);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--no-inspector" }, false)]
    [InlineData(new[] { "-n" }, false)]
    public void TryParse_NoInspector_TurnsTheInspectorOff(string[] args, bool expected)
    {
        Assert.True(RunflowEmulatorToolCommandLine.TryParse(args, out RunflowEmulatorToolArguments? arguments, out string? error), error);

        Assert.Equal(expected, arguments.Options.EnableInspector);
    }

    [Fact]
    public void TryParse_NoInspectorWithAValue_NamesTheSwitch()
    {
        Assert.False(RunflowEmulatorToolCommandLine.TryParse(["--no-inspector=true"], out _, out string? error));

        Assert.Equal("--no-inspector takes no value.", error);
    }
}
