using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Aspire.Tests;

/// <summary>The sample's app host started by Aspire's orchestrator: the emulator resource, then the chat service wired
/// to it by <c>WithReference</c>.</summary>
public sealed class AppHostTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task AppHost_Started_ChatAnswersFromTheEmulatorResource()
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Runflow_AI_Samples_Aspire_AppHost>(Token);
        await using var app = await appHost.BuildAsync(Token);
        await app.StartAsync(Token);

        await app.ResourceNotifications.WaitForResourceHealthyAsync("runflow", Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("chat", Token);
        using var http = app.CreateHttpClient("chat");
        var get = await http.GetFromJsonAsync<JsonElement>("/chat?message=Hello%20from%20the%20test", Token);
        using var post = await http.PostAsJsonAsync("/chat", new { message = "And a post" }, Token);
        var posted = await post.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal("You said: \"Hello from the test\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", get.GetProperty("answer").GetString());
        Assert.StartsWith("You said: \"And a post\"", posted.GetProperty("answer").GetString());
        Assert.StartsWith("Endpoint=http://localhost:", await app.GetConnectionStringAsync("runflow", Token));
    }
}
