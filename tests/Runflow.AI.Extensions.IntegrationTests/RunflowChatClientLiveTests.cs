namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// The contract against live Runflow. Skipped unless RUNFLOW_API_KEY, RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER and
/// RUNFLOW_MODEL are set (RUNFLOW_API_URL and RUNFLOW_TENANT_ID are read too).
/// </summary>
public sealed class RunflowChatClientLiveTests : RunflowChatClientContractTests
{
    protected override ValueTask<RunflowClientOptions> CreateOptionsAsync()
    {
        RunflowClientOptions options = RunflowClientOptions.FromEnvironment();
        Assert.SkipWhen(
            string.IsNullOrEmpty(options.ApiKey) || string.IsNullOrEmpty(options.ProjectId) ||
            string.IsNullOrEmpty(options.Provider) || string.IsNullOrEmpty(options.DefaultModelId),
            "Live Runflow is not configured: set RUNFLOW_API_KEY, RUNFLOW_PROJECT_ID, RUNFLOW_PROVIDER and RUNFLOW_MODEL.");
        return ValueTask.FromResult(options);
    }
}
