using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>A key or tenant that would break its header is refused before anything is sent, without being echoed.</summary>
public sealed class RunflowHeaderValueTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("ApiKey", "rf_live_abc\r\nX-Injected: yes", "contains a line break, which would inject a header")]
    [InlineData("ApiKey", "rf_live_abc\r\n\r\nDELETE /api/v1/projects HTTP/1.1", "contains a line break, which would inject a header")]
    [InlineData("ApiKey", "rf_live_abc\n", "ends with a line break (was it read from a file?)")]
    [InlineData("ApiKey", "rf_live_abc\u0000", "contains a control character at position 11")]
    [InlineData("ApiKey", "rf_live_abcé", "contains a non-ASCII character at position 11")]
    [InlineData("TenantId", "tenant\rX-Injected: yes", "contains a line break, which would inject a header")]
    [InlineData("TenantId", "tenant_1\r\n", "ends with a line break (was it read from a file?)")]
    public async Task HeaderValue_WithControlCharacters_IsRefusedBeforeSendingAndNotEchoed(string option, string value, string expected)
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        void Set(RunflowClientOptions o)
        {
            HostileClients.Configure(o, server.Endpoint);
            if (option == "ApiKey")
            {
                o.ApiKey = value;
            }
            else
            {
                o.TenantId = value;
            }
        }

        var direct = Assert.Throws<ArgumentException>(() => new RunflowChatClient(HostileClients.Options(server.Endpoint, Set)));
        var collection = new ServiceCollection();
        collection.AddRunflowChatClient(Set);
        await using var services = collection.BuildServiceProvider();
        var registered = Assert.Throws<ArgumentException>(() => services.GetRequiredService<IChatClient>());

        foreach (var error in new[] { direct, registered })
        {
            Assert.Contains($"RunflowClientOptions.{option} {expected}", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value.Trim(), error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("X-Injected", error.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(server.Requests);
    }
}
