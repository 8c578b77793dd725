namespace Runflow.AI.Extensions.Aspire.Tests;

public sealed class RunflowConnectionStringTests
{
    private const string Source = "ConnectionStrings:runflow";

    [Fact]
    public void Apply_EveryKey_SetsEverySetting()
    {
        var settings = new RunflowClientSettings();

        RunflowConnectionString.Apply("Endpoint=http://localhost:5080;Key=rf-secret;ProjectId=proj;Provider=openai;Model=gpt-4o", Source, settings);

        Assert.Equal(new Uri("http://localhost:5080"), settings.Endpoint);
        Assert.Equal("rf-secret", settings.Key);
        Assert.Equal("proj", settings.ProjectId);
        Assert.Equal("openai", settings.Provider);
        Assert.Equal("gpt-4o", settings.Model);
    }

    [Fact]
    public void Apply_KeysInAnyCaseAndOrder_AreRead()
    {
        var settings = new RunflowClientSettings { Model = "kept" };

        RunflowConnectionString.Apply("projectid=p;ENDPOINT=https://api.runflow.ai/;key=k;provider=anthropic", Source, settings);

        Assert.Equal(new Uri("https://api.runflow.ai/"), settings.Endpoint);
        Assert.Equal(("k", "p", "anthropic", "kept"), (settings.Key, settings.ProjectId, settings.Provider, settings.Model));
    }

    [Fact]
    public void Apply_QuotedValueWithSemicolon_IsOneValue()
    {
        var settings = new RunflowClientSettings();

        RunflowConnectionString.Apply("Endpoint=https://api.runflow.ai/;Key=\"a;b\"", Source, settings);

        Assert.Equal("a;b", settings.Key);
    }

    [Fact]
    public void Apply_UnknownKey_NamesTheKeyAndTheSource()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            RunflowConnectionString.Apply("Endpoint=https://api.runflow.ai/;Key=rf-secret;Modle=gpt-4o", Source, new RunflowClientSettings()));

        Assert.Equal("ConnectionStrings:runflow has the key 'modle', which is not a Runflow connection string key; the keys are Endpoint, Key, ProjectId, Provider, Model.", error.Message);
    }

    [Fact]
    public void Apply_RelativeEndpoint_NamesEndpoint()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            RunflowConnectionString.Apply("Endpoint=runflow;Key=rf-secret", Source, new RunflowClientSettings()));

        Assert.Equal("ConnectionStrings:runflow Endpoint 'runflow' is not an absolute http or https URL.", error.Message);
    }

    [Fact]
    public void Apply_Malformed_NeverQuotesTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            RunflowConnectionString.Apply("Key=rf-secret;Endpoint", Source, new RunflowClientSettings()));

        Assert.StartsWith("ConnectionStrings:runflow is not a connection string", error.Message);
        Assert.DoesNotContain("rf-secret", error.Message);
    }
}
