using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>A key sent anywhere a client might put one is never logged, even at Trace, nor recorded.</summary>
public sealed class RunflowEmulatorSecretTests
{
    private static readonly string s_body = EmulatorHarness.Request("hi").ToJsonString();

    [Fact(Timeout = TestBounds.Test)]
    public async Task Requests_KeyInQueryOrSecretHeaders_AppearsInNoLogLinePathOrHeader()
    {
        var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { LoggerFactory = loggerFactory });
        string[] keys = ["rf_query_1", "rf_query_2", "rf_query_3", "rf_query_4", "rf_azure_5", "rf_bearer_6", "rf_proxy_7", "rf_runflow_8"];

        await SendAsync(harness, $"?api_key={keys[0]}&KEY={keys[1]}&apikey={keys[2]}&x-api-key={keys[3]}&n=1", m => { });
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat?api_key=[redacted]&KEY=[redacted]&apikey=[redacted]&x-api-key=[redacted]&n=1 answered 200");
        await SendAsync(harness, "?n=2", m => m.Headers.Add("api-key", keys[4]));
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat?n=2 answered 200");
        await SendAsync(harness, "?n=3", m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[5]), apiKey: null);
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat?n=3 answered 200");
        await SendAsync(harness, "?n=4", m => m.Headers.ProxyAuthorization = new AuthenticationHeaderValue("Basic", keys[6]));
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat?n=4 answered 200");
        await SendAsync(harness, "?n=5", m => m.Headers.Add("X-Runflow-Api-Key", keys[7]));
        await provider.WhenLoggedAsync("POST /api/v1/runtime/v1/chat?n=5 answered 200");

        IReadOnlyList<RunflowEmulatorRequest> requests = harness.Emulator.Requests;
        Assert.Equal(5, requests.Count);
        foreach (string key in keys)
        {
            Assert.DoesNotContain(provider.Messages, m => m.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(requests, r => r.Path.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(requests.SelectMany(r => r.Headers.Values), v => v.Contains(key, StringComparison.Ordinal));
        }

        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[1].Headers["API-KEY"]);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[2].Headers["authorization"]);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[3].Headers["Proxy-Authorization"]);
        Assert.Equal(RunflowEmulatorRequest.RedactedValue, requests[4].Headers["x-runflow-api-key"]);
        Assert.Equal("Authorization", requests[2].ApiKeyHeaderName);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task LoggerFactory_AtTraceAndABadHeaderLine_LogsNeitherTheLineNorTheQuery()
    {
        const string QueryKey = "rf_bad_line_query";
        const string HeaderKey = "rf_bad_line_header";
        var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { LoggerFactory = loggerFactory });

        // A header line without a colon is refused by the web server itself, which describes the line it refused.
        string status = await SendRawAsync(
            harness.Emulator.Endpoint,
            $"POST /{EmulatorHarness.ChatPath}?api_key={QueryKey} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key {HeaderKey}\r\nContent-Length: 0\r\n\r\n");

        // The server logs a refused request before it writes the 400, so the status line in hand means any such line is written.
        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        Assert.DoesNotContain(provider.Messages, m => m.Contains(QueryKey, StringComparison.Ordinal) || m.Contains(HeaderKey, StringComparison.Ordinal));
    }

    private static async Task SendAsync(EmulatorHarness harness, string query, Action<HttpRequestMessage> addKey, string? apiKey = EmulatorHarness.ApiKey)
    {
        using HttpRequestMessage message = harness.Message(EmulatorHarness.ChatPath + query, s_body, apiKey);
        addKey(message);
        using HttpResponseMessage response = await harness.Http.SendAsync(message, EmulatorHarness.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> SendRawAsync(Uri endpoint, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, EmulatorHarness.Token);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), EmulatorHarness.Token);
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, EmulatorHarness.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
