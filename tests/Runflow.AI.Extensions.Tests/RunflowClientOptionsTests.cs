using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

public sealed class RunflowClientOptionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new RunflowClientOptions();

        Assert.Equal(new Uri("https://api.runflow.ai/"), options.Endpoint);
        Assert.Equal("api/v1/runtime/v1/chat", options.ChatPath);
        Assert.Equal("api/v1/runtime/v1/chat/stream", options.StreamPath);
        Assert.Equal("api/v1/runtime/auth/discover", options.DiscoverPath);
        Assert.Equal(TimeSpan.FromMinutes(10), options.NetworkTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.StreamIdleTimeout);
        Assert.False(options.AllowUnencryptedHttp);
        Assert.Null(options.Legacy);
    }

    [Theory]
    [InlineData(nameof(RunflowClientOptions.ApiKey), "RUNFLOW_API_KEY")]
    [InlineData(nameof(RunflowClientOptions.ProjectId), "RUNFLOW_PROJECT_ID")]
    [InlineData(nameof(RunflowClientOptions.Provider), "RUNFLOW_PROVIDER")]
    public void Constructor_MissingRequiredOption_NamesIt(string option, string variable)
    {
        var options = TestClient.Options();
        typeof(RunflowClientOptions).GetProperty(option)!.SetValue(options, " ");

        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(options));

        Assert.Contains($"RunflowClientOptions.{option} is required", error.Message);
        Assert.Contains(variable, error.Message);
    }

    [Theory]
    [InlineData("http://runflow.example.com/", "plain http")]
    [InlineData("ftp://runflow.example.com/", "http or https")]
    public void Constructor_UnsafeEndpoint_IsRefused(string endpoint, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(TestClient.Options(o => o.Endpoint = new Uri(endpoint))));

        Assert.Contains("RunflowClientOptions.Endpoint", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/", false)]
    [InlineData("http://localhost:5080/", false)]
    [InlineData("http://[::1]:5080/", false)]
    [InlineData("http://gateway.internal/", true)]
    public void Constructor_PlainHttpToLoopbackOrExplicitlyAllowed_IsAccepted(string endpoint, bool allow)
    {
        using var client = new RunflowChatClient(TestClient.Options(o => { o.Endpoint = new Uri(endpoint); o.AllowUnencryptedHttp = allow; }));

        Assert.Equal(new Uri(endpoint), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public void Constructor_NonPositiveTimeout_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(TestClient.Options(o => o.NetworkTimeout = TimeSpan.Zero)));

        Assert.Contains("NetworkTimeout", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Constructor_CopiesOptions_LaterChangesDoNotReachTheClient()
    {
        var handler = RecordingHandler.Json(TestClient.HelloResponse);
        var options = TestClient.Options();
        using var client = new RunflowChatClient(options, new HttpClient(handler));

        options.ProjectId = "changed";
        options.ApiKey = "changed";
        options.Endpoint = new Uri("https://elsewhere.test/");
        await client.GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("runflow.test", handler.Single.Uri.Host);
        Assert.Equal(TestClient.ApiKey, handler.Single.Header("x-api-key"));
        Assert.Contains("\"projectId\":\"proj_1\"", handler.Single.Body);
    }

    [Fact]
    public void ToString_NeverShowsTheApiKey()
    {
        var options = TestClient.Options(o => o.TenantId = "tenant_1");

        var text = options.ToString();

        Assert.DoesNotContain(TestClient.ApiKey, text);
        Assert.Contains("ApiKey = (set)", text);
        Assert.Contains("ProjectId = proj_1", text);
        Assert.Contains("TenantId = tenant_1", text);
        Assert.Contains("ApiKey = (not set)", new RunflowClientOptions().ToString());
    }

    [Fact]
    public void ValidationErrors_NeverShowTheApiKey()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(TestClient.Options(o => o.ProjectId = null)));

        Assert.DoesNotContain(TestClient.ApiKey, error.ToString());
    }
}
