using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// What every streaming benchmark needs: clients for the raw floor, Runflow and OpenAI, and the bytes the Runflow
/// client writes for a tool-less streamed request.
/// </summary>
internal sealed class StreamingRig : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="StreamingRig"/> class.</summary>
    /// <param name="endpoint">The stub's base address; the in-process stub's for paced clients.</param>
    /// <param name="paced">Whether the clients' connections pace the replies (<see cref="StreamPacer"/>).</param>
    public StreamingRig(Uri endpoint, bool paced)
    {
        Raw = CreateClient(paced);
        Uri = new Uri(endpoint, RunflowClientOptions.DefaultStreamPath);
        Runflow = BenchmarkClients.CreateRunflow(endpoint, CreateClient(paced));
        OpenAI = BenchmarkClients.CreateOpenAI(endpoint, CreateClient(paced));
        Body = BenchmarkClients.RecordRunflowBodies(endpoint, handler: null, functionInvocation: false, BenchmarkConversation.TextOnly)[0];
    }

    public HttpClient Raw { get; }

    public Uri Uri { get; }

    public byte[] Body { get; }

    public IChatClient Runflow { get; }

    public IChatClient OpenAI { get; }

    public void Dispose()
    {
        Raw.Dispose();
        Runflow.Dispose();
        OpenAI.Dispose();
    }

    private static HttpClient CreateClient(bool paced) => paced ? BenchmarkHttp.CreatePacedClient() : BenchmarkHttp.CreateClient();
}
