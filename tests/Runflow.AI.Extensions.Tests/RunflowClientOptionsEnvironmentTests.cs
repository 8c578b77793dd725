namespace Runflow.AI.Extensions.Tests;

/// <summary>Reads process environment variables, so it runs apart from the other tests.</summary>
[Collection(nameof(RunflowClientOptionsEnvironmentTests))]
[CollectionDefinition(nameof(RunflowClientOptionsEnvironmentTests), DisableParallelization = true)]
public sealed class RunflowClientOptionsEnvironmentTests
{
    private static readonly string[] Variables =
        ["RUNFLOW_API_URL", "RUNFLOW_API_KEY", "RUNFLOW_TENANT_ID", "RUNFLOW_PROJECT_ID", "RUNFLOW_PROVIDER", "RUNFLOW_PROVIDER_NAME", "RUNFLOW_MODEL"];

    [Fact]
    public void FromEnvironment_ReadsEveryVariable()
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("RUNFLOW_API_URL", "https://eu.runflow.example/");
            Environment.SetEnvironmentVariable("RUNFLOW_API_KEY", "rf_live_env");
            Environment.SetEnvironmentVariable("RUNFLOW_TENANT_ID", "t1");
            Environment.SetEnvironmentVariable("RUNFLOW_PROJECT_ID", "p1");
            Environment.SetEnvironmentVariable("RUNFLOW_PROVIDER", "anthropic");
            Environment.SetEnvironmentVariable("RUNFLOW_PROVIDER_NAME", "Anthropic EU");
            Environment.SetEnvironmentVariable("RUNFLOW_MODEL", "claude-sonnet");

            var options = RunflowClientOptions.FromEnvironment();

            Assert.Equal(new Uri("https://eu.runflow.example/"), options.Endpoint);
            Assert.Equal("rf_live_env", options.ApiKey);
            Assert.Equal("t1", options.TenantId);
            Assert.Equal("p1", options.ProjectId);
            Assert.Equal("anthropic", options.Provider);
            Assert.Equal("Anthropic EU", options.ProviderName);
            Assert.Equal("claude-sonnet", options.DefaultModelId);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public void FromEnvironment_BadUrl_ThrowsFormatException()
    {
        var saved = Environment.GetEnvironmentVariable("RUNFLOW_API_URL");
        try
        {
            Environment.SetEnvironmentVariable("RUNFLOW_API_URL", "not a url");

            var error = Assert.Throws<FormatException>(RunflowClientOptions.FromEnvironment);

            Assert.Contains("RUNFLOW_API_URL", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RUNFLOW_API_URL", saved);
        }
    }
}
