using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// What every streaming benchmark needs: paced clients for the raw floor, Runflow and OpenAI, and the bytes the Runflow
/// client writes for a tool-less streamed request.
/// </summary>
internal sealed class StreamingRig : IDisposable
{
    public StreamingRig()
    {
        var endpoint = BenchmarkStub.LocalEndpoint;
        Raw = BenchmarkHttp.CreatePacedClient();
        Uri = BenchmarkStub.RunflowStream;
        Runflow = BenchmarkClients.CreateRunflow(endpoint, BenchmarkHttp.CreatePacedClient());
        OpenAI = BenchmarkClients.CreateOpenAI(endpoint, BenchmarkHttp.CreatePacedClient());
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
}
