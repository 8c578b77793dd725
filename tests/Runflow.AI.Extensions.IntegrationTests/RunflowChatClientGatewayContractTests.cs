using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// The contract of <see cref="RunflowChatClientContractTests"/> through the emulator in gateway mode, against the real
/// model of an OpenAI-compatible server: one row per scenario when RUNFLOW_EMULATOR_UPSTREAM names its base URL
/// (RUNFLOW_EMULATOR_UPSTREAM_KEY and RUNFLOW_EMULATOR_UPSTREAM_MODEL are read too); otherwise a single skipped row that
/// says how to enable it.
/// </summary>
public sealed class RunflowChatClientGatewayContractTests
{
    private const string UpstreamVariable = "RUNFLOW_EMULATOR_UPSTREAM";

    public static IEnumerable<ITheoryDataRow> Scenarios
    {
        get
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UpstreamVariable)))
            {
                return [new TheoryDataRow<string, int>("every scenario", 0)
                {
                    Skip = $"Gateway mode is not configured: set {UpstreamVariable} to an OpenAI-compatible base URL such as http://localhost:11434/v1/ " +
                        $"(and RUNFLOW_EMULATOR_UPSTREAM_MODEL to the model gpt-4o stands for, RUNFLOW_EMULATOR_UPSTREAM_KEY if it needs one) to run the {RunflowChatClientLiveTests.Rows().Count()} contract scenarios through it.",
                    TestDisplayName = "Gateway contract",
                }];
            }

            return RunflowChatClientLiveTests.Rows().Select(row => new TheoryDataRow<string, int>(row.Method.Name, row.Index));
        }
    }

    [Theory(Timeout = TestBounds.LongTest)]
    [MemberData(nameof(Scenarios))]
    public async Task Contract_ThroughTheGateway_Holds(string scenario, int index)
    {
        await using var backend = new GatewayBackend();
        await RunflowChatClientLiveTests.RunAsync(backend, scenario, index);
    }

    /// <summary>The emulator in gateway mode: its checks on the wire, a real model's answers (so the live expectations apply).</summary>
    private sealed class GatewayBackend : RunflowChatClientContractTests
    {
        private const string Model = "gpt-4o";
        private readonly RunflowEmulator _emulator;

        public GatewayBackend()
        {
            var options = new RunflowEmulatorOptions
            {
                Upstream = new Uri(Environment.GetEnvironmentVariable(UpstreamVariable)!),
                UpstreamApiKey = Environment.GetEnvironmentVariable("RUNFLOW_EMULATOR_UPSTREAM_KEY"),
            };
            if (Environment.GetEnvironmentVariable("RUNFLOW_EMULATOR_UPSTREAM_MODEL") is { Length: > 0 } upstreamModel)
            {
                options.UpstreamModelMap[Model] = upstreamModel;
            }

            _emulator = new RunflowEmulator(options);
        }

        protected override async ValueTask<RunflowClientOptions> CreateOptionsAsync()
        {
            await _emulator.StartAsync(Token);
            return new RunflowClientOptions
            {
                Endpoint = _emulator.Endpoint,
                ApiKey = "rf_test_gateway_key",
                ProjectId = "proj_gateway",
                Provider = "openai",
                DefaultModelId = Model,
            };
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await _emulator.DisposeAsync();
        }
    }
}
