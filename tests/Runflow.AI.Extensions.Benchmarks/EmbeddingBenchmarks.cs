using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// One embeddings call over loopback HTTP per batch size: that many short texts in, 256-dimension vectors out, as
/// float arrays in the OpenAI shape both clients read.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class EmbeddingBenchmarks
{
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private string[] _inputs = null!;
    private RunflowEmbeddingGenerator _runflow = null!;
    private IEmbeddingGenerator<string, Embedding<float>> _openAI = null!;

    /// <summary>Gets or sets how many texts one call embeds.</summary>
    [Params(1, 16, 128)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = BenchmarkStub.Endpoint;
        _inputs = [.. Enumerable.Range(0, BatchSize).Select(i => $"Document {i}: how to rotate API keys in a project.")];
        _raw = BenchmarkHttp.CreateClient();
        _uri = new Uri(endpoint, BenchmarkStub.EmbeddingsPath(BatchSize));
        _body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string[]> { ["input"] = _inputs });
        _runflow = new RunflowEmbeddingGenerator(
            new RunflowClientOptions
            {
                Endpoint = endpoint,
                ApiKey = BenchmarkClients.ApiKey,
                TenantId = "tenant_bench",
                EmbeddingsPath = BenchmarkStub.EmbeddingsPath(BatchSize),
                MaxEmbeddingBatchSize = 256,
            },
            BenchmarkHttp.CreateClient());

        _openAI = new EmbeddingClient(
                "text-embedding-3-small",
                new ApiKeyCredential(BenchmarkClients.ApiKey),
                new OpenAIClientOptions
                {
                    Endpoint = BenchmarkStub.OpenAIEmbeddings(BatchSize),
                    Transport = new HttpClientPipelineTransport(BenchmarkHttp.CreateClient()),
                })
            .AsIEmbeddingGenerator();

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, CannedReplies.Embeddings(BatchSize));
        Check(nameof(RunflowEmbeddingGenerator), _runflow);
        Check(nameof(OpenAIEmbeddingGenerator), _openAI);
        BenchmarkWarmup.Once(nameof(EmbeddingBenchmarks), RawHttpClient, RunflowEmbeddingGenerator, OpenAIEmbeddingGenerator);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
        _openAI.Dispose();
    }

    /// <summary>The floor: the request body serialized in advance, POSTed raw; the reply read, not parsed.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => BenchmarkHttp.PostAsync(_raw, _uri, _body);

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> RunflowEmbeddingGenerator() => _runflow.GenerateAsync(_inputs);

    /// <summary>The anchor: Microsoft.Extensions.AI's generator over OpenAI's client, reading the same reply.</summary>
    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> OpenAIEmbeddingGenerator() => _openAI.GenerateAsync(_inputs);

    /// <summary>Throws unless a generator returns the canned vectors, one per input, in order.</summary>
    private void Check(string row, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var embeddings = generator.GenerateAsync(_inputs).GetAwaiter().GetResult();
        var expected = JsonDocument.Parse(CannedReplies.Embeddings(BatchSize)).RootElement.GetProperty("data");
        if (embeddings.Count != BatchSize)
        {
            throw new InvalidOperationException($"{row} returned {embeddings.Count} vectors for {BatchSize} inputs.");
        }

        for (var i = 0; i < BatchSize; i++)
        {
            var vector = embeddings[i].Vector.Span;
            var want = expected[i].GetProperty("embedding");
            if (vector.Length != CannedReplies.EmbeddingDimensions || vector[^1] != want[CannedReplies.EmbeddingDimensions - 1].GetSingle())
            {
                throw new InvalidOperationException($"{row}: vector {i} is not the canned one.");
            }
        }
    }
}
