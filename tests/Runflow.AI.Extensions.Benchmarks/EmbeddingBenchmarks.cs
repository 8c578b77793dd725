using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>One embeddings call over loopback HTTP per batch size: that many short texts in, 256-dimension vectors out.</summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class EmbeddingBenchmarks
{
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private byte[] _body = null!;
    private string[] _inputs = null!;
    private RunflowEmbeddingGenerator _runflow = null!;

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

        BenchmarkCheck.Raw(nameof(RawHttpClient), _raw, _uri, _body, CannedReplies.Embeddings(BatchSize));
        var check = _runflow.GenerateAsync(_inputs).GetAwaiter().GetResult();
        if (check.Count != BatchSize || check[0].Vector.Length != CannedReplies.EmbeddingDimensions)
        {
            throw new InvalidOperationException($"{nameof(RunflowEmbeddingGenerator)} returned {check.Count} vectors for {BatchSize} inputs.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _runflow.Dispose();
    }

    /// <summary>The floor: the request body serialized in advance, POSTed raw; the reply read, not parsed.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => BenchmarkHttp.PostAsync(_raw, _uri, _body);

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> RunflowEmbeddingGenerator() => _runflow.GenerateAsync(_inputs);
}
