using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorEmbeddingsModelTests
{
    private static double Dot(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(float[] a) => Math.Sqrt(Dot(a, a));

    private static double Cosine(float[] a, float[] b) => Dot(a, b) / (Norm(a) * Norm(b));

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_Response_HasOpenAiShape()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await harness.PostEmbeddingsAsync(EmulatorHarness.EmbeddingsRequest("first text", "second text").ToJsonString());
        JsonObject answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(EmulatorHarness.Token))!.AsObject();

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(["object", "data", "model", "usage"], answer.Select(p => p.Key));
        Assert.Equal("list", answer["object"]!.GetValue<string>());
        Assert.Equal("text-embedding-3-small", answer["model"]!.GetValue<string>());
        Assert.Equal(["prompt_tokens", "total_tokens"], answer["usage"]!.AsObject().Select(p => p.Key));
        JsonArray data = answer["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            JsonObject item = data[i]!.AsObject();
            Assert.Equal(["object", "index", "embedding"], item.Select(p => p.Key));
            Assert.Equal("embedding", item["object"]!.GetValue<string>());
            Assert.Equal(i, item["index"]!.GetValue<int>());
            Assert.Equal(1536, item["embedding"]!.AsArray().Count);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_SameRequestTwice_ReturnsTheSameBytes()
    {
        JsonObject request = EmulatorHarness.EmbeddingsRequest("Lisbon is sunny today", "Ünïcödé wörds 😀 and numbers 42", string.Empty);
        request["dimensions"] = 256;
        string first, second, third;
        await using (var harness = await EmulatorHarness.StartAsync())
        {
            first = await harness.EmbedTextAsync(request);
            second = await harness.EmbedTextAsync(request);
        }

        await using (var other = await EmulatorHarness.StartAsync())
        {
            third = await other.EmbedTextAsync(request);
        }

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.StartsWith("""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[""", first, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_SameText_GetsTheSameVectorInOneRequestAndAcrossRequests()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[][] together = EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("the weather in Lisbon", "something else", "the weather in Lisbon")));
        float[] alone = Assert.Single(EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("the weather in Lisbon"))));

        Assert.Equal(together[0], together[2]);
        Assert.Equal(together[0], alone);
        Assert.NotEqual(together[0], together[1]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_CaseAndPunctuation_DoNotChangeTheVector()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[][] vectors = EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("Hello, Runflow!", "hello runflow", "HELLO...   RUNFLOW?")));

        Assert.Equal(vectors[0], vectors[1]);
        Assert.Equal(vectors[0], vectors[2]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_TextsSharingWords_AreCloserThanTextsSharingNone()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[][] v = EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest(
            "the cat sat on the mat",
            "a cat sat on a hat",
            "quantum physics lecture notes")));
        double shared = Cosine(v[0], v[1]);
        double disjoint = Cosine(v[0], v[2]);

        // Bags of words {the:2, cat, sat, on, mat} and {a:2, cat, sat, on, hat}: 3 shared / (√8 · √8).
        Assert.Equal(0.375, shared, 1e-6);
        Assert.Equal(0, disjoint, 1e-6);
        Assert.True(shared > disjoint, $"shared {shared} should exceed disjoint {disjoint}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_MoreOfAWord_IsCloserToThatWord()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[][] v = EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("cat", "cat cat dog", "cat dog dog")));

        Assert.Equal(2 / Math.Sqrt(5), Cosine(v[0], v[1]), 1e-6);
        Assert.Equal(1 / Math.Sqrt(5), Cosine(v[0], v[2]), 1e-6);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_OneWord_IsASignedUnitAxis()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[] vector = Assert.Single(EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("runflow"))));

        float nonZero = Assert.Single(vector, x => x != 0);
        Assert.Equal(1, Math.Abs(nonZero));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(256)]
    [InlineData(3072)]
    public async Task Embeddings_Dimensions_SetsTheLengthOfEveryVector(int dimensions)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("alpha beta", string.Empty, "gamma");
        request["dimensions"] = dimensions;

        float[][] vectors = EmulatorHarness.Vectors(await harness.EmbedAsync(request));

        Assert.Equal([dimensions, dimensions, dimensions], vectors.Select(v => v.Length));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_NoDimensions_Gives1536()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        float[] vector = Assert.Single(EmulatorHarness.Vectors(await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("alpha"))));

        Assert.Equal(1536, vector.Length);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1536)]
    [InlineData(4096)]
    public async Task Embeddings_EveryVector_HasUnitLength(int dimensions)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest(
            string.Empty,
            "?!",
            "one",
            "one one one two",
            "Olá, €uro 😀 naïve café",
            string.Join(' ', Enumerable.Range(0, 500).Select(i => $"word{i % 37}")));
        request["dimensions"] = dimensions;

        float[][] vectors = EmulatorHarness.Vectors(await harness.EmbedAsync(request));

        Assert.Equal(6, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(1, Norm(v), 1e-5));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(16)]
    [InlineData(1536)]
    public async Task Embeddings_TextWithoutWords_GetsTheFixedEvenVector(int dimensions)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest(string.Empty, "?! ... --", "   ");
        request["dimensions"] = dimensions;

        float[][] vectors = EmulatorHarness.Vectors(await harness.EmbedAsync(request));

        float expected = (float)(1 / Math.Sqrt(dimensions));
        Assert.All(vectors, v => Assert.All(v, x => Assert.Equal(expected, x)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_SeveralInputs_KeepTheirOrderAndIndex()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string[] texts = ["zero apples", "one banana", "two cherries", "three dates", "four elderberries"];
        JsonObject request = EmulatorHarness.EmbeddingsRequest(texts);
        request["dimensions"] = 64;

        JsonArray data = (await harness.EmbedAsync(request))["data"]!.AsArray();

        Assert.Equal([0, 1, 2, 3, 4], data.Select(item => item!["index"]!.GetValue<int>()));
        for (int i = 0; i < texts.Length; i++)
        {
            JsonObject alone = EmulatorHarness.EmbeddingsRequest(texts[i]);
            alone["dimensions"] = 64;
            float[] expected = Assert.Single(EmulatorHarness.Vectors(await harness.EmbedAsync(alone)));
            Assert.Equal(expected, data[i]!["embedding"]!.AsArray().Select(x => x!.GetValue<float>()));
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_Usage_CountsEveryInputWithTheChatTokenizer()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject answer = await harness.EmbedAsync(EmulatorHarness.EmbeddingsRequest("Hello, Runflow!", "one two three", string.Empty, "snake_case 42"));

        // 4 (Hello , Runflow !) + 3 + 0 + 2.
        Assert.Equal(9, answer["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(9, answer["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_Model_IsEchoed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("hi");
        request["model"] = "text-embedding-3-large";

        JsonObject answer = await harness.EmbedAsync(request);

        Assert.Equal("text-embedding-3-large", answer["model"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Embeddings_Floats_AreWrittenInTheirShortestRoundTripInvariantForm()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.EmbeddingsRequest("a b c", "one two three four five six seven", string.Empty);
        request["dimensions"] = 24;

        string body = await harness.EmbedTextAsync(request);

        using JsonDocument document = JsonDocument.Parse(body);
        string[] raw = document.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(item => item.GetProperty("embedding").EnumerateArray().Select(x => x.GetRawText()))
            .ToArray();
        Assert.Equal(72, raw.Length);
        Assert.All(raw, text => Assert.Equal(text, float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
        Assert.Contains(raw, text => text.Contains('.', StringComparison.Ordinal));
        Assert.DoesNotContain(raw, text => text.Contains(',', StringComparison.Ordinal));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EmbeddingsEnvelope_True_WrapsTheSameBodyInSuccessData()
    {
        JsonObject request = EmulatorHarness.EmbeddingsRequest("wrapped text", "another one");
        request["dimensions"] = 16;
        string bare;
        await using (var plain = await EmulatorHarness.StartAsync())
        {
            bare = await plain.EmbedTextAsync(request);
        }

        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = true });
        string wrapped = await harness.EmbedTextAsync(request);

        Assert.Equal("""{"success":true,"data":""" + bare + "}", wrapped);
        JsonObject parsed = JsonNode.Parse(wrapped)!.AsObject();
        Assert.True(parsed["success"]!.GetValue<bool>());
        Assert.Equal(2, parsed["data"]!["data"]!.AsArray().Count);
        Assert.Equal(4, parsed["data"]!["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task EmbeddingsEnvelope_True_LeavesErrorsAndChatUnwrapped()
    {
        await using var harness = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { EmbeddingsEnvelope = true });

        using HttpResponseMessage invalid = await harness.PostEmbeddingsAsync("""{"input":[]}""");
        JsonObject chat = await harness.ChatAsync(EmulatorHarness.Request("hi"));

        Assert.Equal("""{"success":false,"error":"input must contain at least one string."}""", await invalid.Content.ReadAsStringAsync(EmulatorHarness.Token));
        Assert.Equal("You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", chat["text"]!.GetValue<string>());
    }
}
