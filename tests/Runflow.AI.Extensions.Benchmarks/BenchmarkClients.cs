using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>Creates the clients under test, each over an <see cref="HttpClient"/> it is given.</summary>
internal static class BenchmarkClients
{
    /// <summary>The API key every client sends.</summary>
    public const string ApiKey = "k";

    /// <summary>Creates a <see cref="RunflowChatClient"/> for a base address.</summary>
    public static RunflowChatClient CreateRunflow(Uri endpoint, HttpClient httpClient) =>
        new(
            new RunflowClientOptions
            {
                Endpoint = endpoint,
                ApiKey = ApiKey,
                ProjectId = "proj_bench",
                Provider = "openai",
                DefaultModelId = CannedReplies.Model,
            },
            httpClient);

    /// <summary>Creates Microsoft.Extensions.AI's OpenAI chat client for a base address, sending through <paramref name="httpClient"/>.</summary>
    public static IChatClient CreateOpenAI(Uri endpoint, HttpClient httpClient) =>
        new ChatClient(
            CannedReplies.Model,
            new ApiKeyCredential(ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(endpoint, "v1"), Transport = new HttpClientPipelineTransport(httpClient) })
        .AsIChatClient();

    /// <summary>Sends the request once through a Runflow client and returns the bodies it wrote, so the floor can send the same bytes.</summary>
    /// <param name="endpoint">The base address; the stub or, with <paramref name="handler"/>, any loopback address.</param>
    /// <param name="handler">What to send through; a new networked handler when <see langword="null"/>.</param>
    /// <param name="functionInvocation">Whether to run the call through <c>UseFunctionInvocation()</c>, which sends twice.</param>
    /// <param name="options">The options of the call.</param>
    public static IReadOnlyList<byte[]> RecordRunflowBodies(
        Uri endpoint, HttpMessageHandler? handler, bool functionInvocation, ChatOptions options)
    {
        var recorder = new RecordingHandler(handler ?? BenchmarkHttp.CreateHandler());
        using var httpClient = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        IChatClient runflow = CreateRunflow(endpoint, httpClient);
        using var client = functionInvocation ? new ChatClientBuilder(runflow).UseFunctionInvocation().Build() : runflow;
        var response = client.GetResponseAsync(BenchmarkConversation.Messages, options).GetAwaiter().GetResult();
        BenchmarkCheck.Text("recording the Runflow request", response.Messages[^1].Text);
        return recorder.Bodies;
    }
}
