using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary><see cref="RunflowEmbeddingGenerator"/> against the emulator's deterministic embedding model, and under MEAI middleware.</summary>
public sealed class RunflowEmbeddingGeneratorIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(EmulatorSession Session, RunflowEmbeddingGenerator Generator)> StartAsync(
        RunflowEmulatorOptions? emulatorOptions = null, Action<RunflowClientOptions>? configure = null)
    {
        var session = await EmulatorSession.StartAsync(emulatorOptions, configure, Token);
        return (session, new RunflowEmbeddingGenerator(session.Options));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SameText_GivesTheSameUnitVector()
    {
        var (session, generator) = await StartAsync();
        await using var _ = session;
        using var __ = generator;

        var embeddings = await generator.GenerateAsync(["the quick brown fox", "the quick brown fox"], cancellationToken: Token);

        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
        Assert.Equal(1.0, TensorPrimitives.Norm(embeddings[0].Vector.Span), 4);
        var request = Assert.Single(session.Emulator.Requests);
        Assert.Equal("tenant_session", request.Headers["x-runflow-tenant-id"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_SharedWords_AreCloserThanDisjointTexts()
    {
        var (session, generator) = await StartAsync();
        await using var _ = session;
        using var __ = generator;

        var e = await generator.GenerateAsync(
            ["how do I reset my password", "reset the password from settings", "invoices arrive monthly by email"], cancellationToken: Token);

        var related = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[2].Vector.Span);
        Assert.True(related > unrelated + 0.1, $"related {related}, unrelated {unrelated}");
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1536)]
    public async Task GenerateAsync_Dimensions_AreHonoured(int dimensions)
    {
        var (session, generator) = await StartAsync();
        await using var _ = session;
        using var __ = generator;

        var embedding = Assert.Single(await generator.GenerateAsync(["dimensions"], new EmbeddingGenerationOptions { Dimensions = dimensions }, Token));

        Assert.Equal(dimensions, embedding.Vector.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(embedding.Vector.Span), 4);
        Assert.Equal(dimensions, session.Emulator.Requests[0].Json!["dimensions"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ManyInputs_AreBatchedAndKeepTheirOrder()
    {
        var (session, generator) = await StartAsync(configure: o => o.MaxEmbeddingBatchSize = 3);
        await using var _ = session;
        using var __ = generator;
        string[] texts = [.. Enumerable.Range(0, 8).Select(i => $"text number {i}")];

        var batched = await generator.GenerateAsync(texts, cancellationToken: Token);
        var single = await Task.WhenAll(texts.Select(t => generator.GenerateVectorAsync(t, cancellationToken: Token)));

        Assert.Equal(3 + 8, session.Emulator.Requests.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(single[i].ToArray(), batched[i].Vector.ToArray());
        }

        Assert.True(batched.Usage!.InputTokenCount > 0);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_EnvelopedResponse_IsUnwrapped()
    {
        var (session, generator) = await StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = true });
        await using var _ = session;
        using var __ = generator;

        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: Token);

        Assert.Equal(2, embeddings.Count);
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task GenerateAsync_ServerRefusesTheTenant_TheErrorSaysSo()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        using var generator = new RunflowEmbeddingGenerator(session.Options, http);
        session.Emulator.Enqueue(new RunflowEmulatorReply { StatusCode = 400, Error = "x-runflow-tenant-id header is required for embeddings." });

        var error = await Assert.ThrowsAsync<RunflowException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Contains("x-runflow-tenant-id", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Middleware_LoggingTelemetryAndCaching_WorkOverTheGenerator()
    {
        var (session, generator) = await StartAsync();
        await using var _ = session;
        var sourceName = "runflow-embeddings-" + Guid.NewGuid().ToString("N");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var loggerFactory = new CapturingLoggerFactory();
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using var pipeline = generator.AsBuilder()
            .UseDistributedCache(cache)
            .UseOpenTelemetry(sourceName: sourceName)
            .UseLogging(loggerFactory)
            .Build();

        var first = await pipeline.GenerateAsync(["cache me"], cancellationToken: Token);
        var second = await pipeline.GenerateAsync(["cache me"], cancellationToken: Token);

        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Single(session.Emulator.Requests);
        var span = Assert.Single(activities);
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(session.Emulator.Endpoint.Port, span.GetTagItem("server.port"));
        Assert.NotNull(span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.NotEmpty(loggerFactory.Messages);
        Assert.All(loggerFactory.Messages, m => Assert.DoesNotContain(EmulatorSession.ApiKey, m));
    }
}
