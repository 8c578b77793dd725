using System.Reflection;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// The contract of <see cref="RunflowChatClientContractTests"/> against live Runflow: one row per scenario when
/// RUNFLOW_API_KEY, RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER and RUNFLOW_MODEL are set (RUNFLOW_API_URL and
/// RUNFLOW_TENANT_ID are read too); otherwise a single skipped row that says how to enable them.
/// </summary>
public sealed class RunflowChatClientLiveTests
{
    private static readonly MethodInfo[] s_scenarios = [.. typeof(RunflowChatClientContractTests)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
        .OrderBy(m => m.MetadataToken)];

    public static IEnumerable<ITheoryDataRow> Scenarios
    {
        get
        {
            if (!IsConfigured(RunflowClientOptions.FromEnvironment()))
            {
                return [new TheoryDataRow<string, int>("every scenario", 0)
                {
                    Skip = $"Live Runflow is not configured: set RUNFLOW_API_KEY, RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER and RUNFLOW_MODEL to run the {Rows().Count()} contract scenarios against it.",
                    TestDisplayName = "Live Runflow contract",
                }];
            }

            return Rows().Select(row => new TheoryDataRow<string, int>(row.Method.Name, row.Index));
        }
    }

    [Theory(Timeout = TestBounds.LongTest)]
    [MemberData(nameof(Scenarios))]
    public async Task Contract_AgainstLiveRunflow_Holds(string scenario, int index)
    {
        await using var backend = new LiveBackend();
        await RunAsync(backend, scenario, index);
    }

    /// <summary>Runs one scenario of the contract on a backend, failing with the scenario's own exception.</summary>
    internal static async Task RunAsync(RunflowChatClientContractTests backend, string scenario, int index)
    {
        var row = Rows().Single(r => r.Method.Name == scenario && r.Index == index);
        try
        {
            await (Task)row.Method.Invoke(backend, row.Arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
        }
    }

    private static bool IsConfigured(RunflowClientOptions options) =>
        !string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.ProjectId) &&
        !string.IsNullOrEmpty(options.Provider) && !string.IsNullOrEmpty(options.DefaultModelId);

    /// <summary>Every scenario of the contract: a fact once, a theory once per data row.</summary>
    internal static IEnumerable<(MethodInfo Method, int Index, object?[] Arguments)> Rows() =>
        s_scenarios.SelectMany(method =>
        {
            var data = method.GetCustomAttributes<InlineDataAttribute>().Select(d => d.Data).ToList();
            return data.Count == 0
                ? [(method, 0, Array.Empty<object?>())]
                : data.Select((arguments, i) => (method, i, arguments));
        });

    /// <summary>The live backend: options from the environment, no emulator behind it.</summary>
    private sealed class LiveBackend : RunflowChatClientContractTests
    {
        protected override ValueTask<RunflowClientOptions> CreateOptionsAsync() => ValueTask.FromResult(RunflowClientOptions.FromEnvironment());
    }
}
