using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The memory endpoints: GET and PUT of a memory, append, search by word overlap, summarize, tenants, bounds,
/// the id checks and the file that keeps memories across runs.</summary>
public sealed class RunflowEmulatorMemoryTests
{
    private const string MemoryPath = "api/v1/runtime/v1/memory";

    private static Task<HttpResponseMessage> SendAsync(EmulatorHarness harness, HttpMethod method, string path, string? body = null, string? tenant = null, string? apiKey = EmulatorHarness.ApiKey)
    {
        var message = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            message.Headers.Add("x-api-key", apiKey);
        }

        if (tenant is not null)
        {
            message.Headers.Add("x-runflow-tenant-id", tenant);
        }

        return harness.Http.SendAsync(message, EmulatorHarness.Token);
    }

    private static async Task<string> OkAsync(Task<HttpResponseMessage> sending)
    {
        using HttpResponseMessage response = await sending;
        string text = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        return text;
    }

    private static Task<string> AppendAsync(EmulatorHarness harness, string id, string role, string content, string? tenant = null) =>
        OkAsync(SendAsync(harness, HttpMethod.Post, $"{MemoryPath}/{id}/append", new JsonObject { ["role"] = role, ["content"] = content }.ToJsonString(), tenant));

    private static async Task<JsonNode> GetAsync(EmulatorHarness harness, string id, string? tenant = null) =>
        JsonNode.Parse(await OkAsync(SendAsync(harness, HttpMethod.Get, $"{MemoryPath}/{id}", tenant: tenant)))!;

    private static string[] Contents(JsonNode? messages) => [.. messages!.AsArray().Select(m => m!["content"]!.GetValue<string>())];

    [Fact(Timeout = TestBounds.Test)]
    public async Task Put_ThenGet_AnswersTheMemoryInTheEnvelope()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string put = """{"messages":[{"role":"user","content":"I live in Porto."},{"role":"assistant","content":"Noted.","metadata":{"k":1}}],"metadata":{"channel":"web"}}""";

        string answer = await OkAsync(SendAsync(harness, HttpMethod.Put, $"{MemoryPath}/user:alice", put));
        JsonNode memory = await GetAsync(harness, "user%3Aalice");

        Assert.Equal(string.Empty, answer);
        Assert.True(memory["success"]!.GetValue<bool>());
        JsonNode data = memory["data"]!;
        Assert.Equal("user:alice", data["sessionId"]!.GetValue<string>());
        Assert.Equal(["I live in Porto.", "Noted."], Contents(data["messages"]));
        Assert.Equal(["user", "assistant"], data["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("""{"k":1}""", data["messages"]![1]!["metadata"]!.ToJsonString());
        Assert.NotNull(data["messages"]![0]!["timestamp"]);
        Assert.Equal("""{"channel":"web"}""", data["metadata"]!.ToJsonString());
        Assert.Equal("{}", data["entities"]!.ToJsonString());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Get_UnknownMemory_AnswersSuccessFalse()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        string answer = await OkAsync(SendAsync(harness, HttpMethod.Get, $"{MemoryPath}/session-1"));

        Assert.Equal("""{"success":false}""", answer);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Append_CreatesTheMemoryAndKeepsTheOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await AppendAsync(harness, "s1", "user", "Hello");
        await AppendAsync(harness, "s1", "assistant", "Hi!");
        await AppendAsync(harness, "s1", "system", "Be brief.");

        Assert.Equal(["Hello", "Hi!", "Be brief."], Contents((await GetAsync(harness, "s1"))["data"]!["messages"]));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Append_ToolRole_Is400NamingTheRole()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendAsync(harness, HttpMethod.Post, $"{MemoryPath}/s1/append", """{"role":"tool","content":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"success":false,"error":"role 'tool' is not supported for memory; expected one of: user, assistant, system."}""",
            await response.Content.ReadAsStringAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Search_RanksByWordOverlapThenNewestFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AppendAsync(harness, "s1", "user", "My favourite city is Lisbon.");
        await AppendAsync(harness, "s1", "assistant", "Lisbon is sunny today.");
        await AppendAsync(harness, "s1", "user", "I booked a flight to Lisbon city centre.");
        await AppendAsync(harness, "s1", "user", "Unrelated words here.");

        string answer = await OkAsync(SendAsync(harness, HttpMethod.Post, $"{MemoryPath}/s1/search", """{"query":"Which city, Lisbon?","limit":2}"""));

        Assert.Equal(["I booked a flight to Lisbon city centre.", "My favourite city is Lisbon."], Contents(JsonNode.Parse(answer)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Search_BlankQuery_Is400()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendAsync(harness, HttpMethod.Post, $"{MemoryPath}/s1/search", """{"query":"  "}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("query is required", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Summarize_AnswersADeterministicSentenceAndKeepsIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AppendAsync(harness, "s1", "user", "What's the weather in Lisbon?");
        await AppendAsync(harness, "s1", "assistant", "Lisbon weather: sunny.");
        await AppendAsync(harness, "s1", "user", "Any flights to Lisbon?");

        string answer = await OkAsync(SendAsync(harness, HttpMethod.Post, $"{MemoryPath}/s1/summarize", """{"model":"gpt-4o-mini","provider":"openai"}"""));

        const string Expected = "3 messages (2 from the user, 1 from the assistant) about lisbon, weather, sunny, flight.";
        Assert.Equal("""{"success":true,"data":{"summary":""" + "\"" + Expected + "\"}}", answer);
        Assert.Equal(Expected, (await GetAsync(harness, "s1"))["data"]!["summary"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Memories_BelongToTheTenantHeaderOrElseTheKeysTenant()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AppendAsync(harness, "s1", "user", "for tenant a", tenant: "tenant-a");
        await AppendAsync(harness, "s1", "user", "for the key");

        Assert.Equal(["for tenant a"], Contents((await GetAsync(harness, "s1", tenant: "tenant-a"))["data"]!["messages"]));
        Assert.Equal("""{"success":false}""", (await GetAsync(harness, "s1", tenant: "tenant-b")).ToJsonString());
        Assert.Equal(["for the key"], Contents((await GetAsync(harness, "s1"))["data"]!["messages"]));
        Assert.Equal(["for the key"], Contents((await GetAsync(harness, "s1", tenant: RunflowEmulator.TenantIdFor(EmulatorHarness.ApiKey)))["data"]!["messages"]));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("a..b")]
    [InlineData("a%5Cb")]
    [InlineData("a%01b")]
    public async Task MemoryId_ThatCouldLeaveThePath_Is400(string id)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendAsync(harness, HttpMethod.Get, $"{MemoryPath}/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("""{"success":false,"error":"memoryId must not contain""", await response.Content.ReadAsStringAsync(EmulatorHarness.Token), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Memory_OtherMethod_Is405WithAllow()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendAsync(harness, HttpMethod.Delete, $"{MemoryPath}/s1");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, PUT", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Get_WithoutApiKey_Is401()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using HttpResponseMessage response = await SendAsync(harness, HttpMethod.Get, $"{MemoryPath}/s1", apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task MemoryStorePath_ASecondEmulatorOnTheFile_SeesTheMemory()
    {
        string file = Path.Combine(Path.GetTempPath(), $"runflow-memory-{Guid.NewGuid():N}.json");
        try
        {
            await using (var first = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MemoryStorePath = file }))
            {
                await AppendAsync(first, "s1", "user", "Remember me.");
            }

            await using var second = await EmulatorHarness.StartAsync(new RunflowEmulatorOptions { MemoryStorePath = file });

            Assert.Equal(["Remember me."], Contents((await GetAsync(second, "s1"))["data"]!["messages"]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Store_KeepsTheNewestMessagesOfAMemory()
    {
        var store = new RunflowEmulatorMemoryStore(null, TimeProvider.System);
        for (int i = 0; i <= RunflowEmulatorMemoryStore.MaxMessagesPerSession; i++)
        {
            store.Append("t", "s", new RunflowEmulatorMemoryMessageDto("user", $"m{i}", null));
        }

        List<RunflowEmulatorMemoryEntry> kept = store.Get("t", "s")!.Messages;
        Assert.Equal(RunflowEmulatorMemoryStore.MaxMessagesPerSession, kept.Count);
        Assert.Equal("m1", kept[0].Content);
    }

    [Fact]
    public void Store_ForgetsTheLeastRecentlyUsedMemoryBeyondTheBound()
    {
        var store = new RunflowEmulatorMemoryStore(null, TimeProvider.System);
        for (int i = 0; i < RunflowEmulatorMemoryStore.MaxSessions; i++)
        {
            store.Append("t", $"s{i}", new RunflowEmulatorMemoryMessageDto("user", "x", null));
        }

        Assert.NotNull(store.Get("t", "s0"));
        store.Append("t", "one-more", new RunflowEmulatorMemoryMessageDto("user", "x", null));

        Assert.NotNull(store.Get("t", "s0"));
        Assert.Null(store.Get("t", "s1"));
    }

    [Fact]
    public void Store_ForgetsOldMemoriesBeyondTheByteBound()
    {
        var store = new RunflowEmulatorMemoryStore(null, TimeProvider.System);
        string large = new('x', (int)(RunflowEmulatorMemoryStore.MaxTotalBytes / 3));
        store.Append("t", "a", new RunflowEmulatorMemoryMessageDto("user", large, null));
        store.Append("t", "b", new RunflowEmulatorMemoryMessageDto("user", large, null));
        store.Append("t", "c", new RunflowEmulatorMemoryMessageDto("user", large, null));
        store.Append("t", "d", new RunflowEmulatorMemoryMessageDto("user", "small", null));

        Assert.Null(store.Get("t", "a"));
        Assert.NotNull(store.Get("t", "b"));
        Assert.NotNull(store.Get("t", "d"));
    }
}
