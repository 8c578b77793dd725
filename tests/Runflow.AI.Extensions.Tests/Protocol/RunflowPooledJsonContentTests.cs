using System.Text;
using System.Text.Json;
using Runflow.AI.Extensions.Protocol;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Tests.Protocol;

/// <summary>A request body with caller-supplied top-level fields written after the request's own.</summary>
public sealed class RunflowPooledJsonContentTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, JsonElement> Fields(string json) =>
        JsonSerializer.Deserialize(json, RunflowJsonContext.Default.DictionaryStringJsonElement)!;

    private static async Task<string> BodyAsync(HttpContent content)
    {
        using (content)
        {
            return Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync(Token));
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Create_AdditionalFields_FollowTheRequestsOwnInOrder()
    {
        var request = new RunflowEmbeddingRequest { Input = ["a \"b\""], Model = "m" };

        var body = await BodyAsync(RunflowJsonContent.Create(request, RunflowJson.BodyContext.RunflowEmbeddingRequest, Fields("""{"user":"u<>","x":{"deep":[1,{"n":null}]},"flag":true}""")));

        Assert.Equal("""{"input":["a \"b\""],"model":"m","user":"u<>","x":{"deep":[1,{"n":null}]},"flag":true}""", body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Create_AdditionalFieldsOnAnObjectWithNoneOfItsOwn_MakeTheWholeObject()
    {
        var request = new RunflowMemorySummarizeRequest();

        var body = await BodyAsync(RunflowJsonContent.Create(request, RunflowJson.BodyContext.RunflowMemorySummarizeRequest, Fields("""{"a":1,"b":"two"}""")));

        Assert.Equal("""{"a":1,"b":"two"}""", body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Create_NoAdditionalFields_IsTheRequestAlone()
    {
        var request = new RunflowEmbeddingRequest { Input = ["a"] };

        Assert.Equal("""{"input":["a"]}""", await BodyAsync(RunflowJsonContent.Create(request, RunflowJson.BodyContext.RunflowEmbeddingRequest, Fields("{}"))));
        Assert.Equal("""{"input":["a"]}""", await BodyAsync(RunflowJsonContent.Create(request, RunflowJson.BodyContext.RunflowEmbeddingRequest)));
    }
}
