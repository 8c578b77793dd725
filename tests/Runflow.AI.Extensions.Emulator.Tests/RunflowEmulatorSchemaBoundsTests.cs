using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>
/// A schema that would cost the emulator unbounded work or memory (recursion, huge minimums) is refused promptly with
/// a 400 naming its field, and the emulator goes on answering.
/// </summary>
public sealed class RunflowEmulatorSchemaBoundsTests
{
    public static TheoryData<string, string> RecursiveSchemas => new()
    {
        { """{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]}""", "is recursive or nested beyond 32 levels" },
        { """{"$ref":"#/$defs/a","$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}},"required":["b"]},"b":{"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},"required":["a"]}}}""", "is recursive or nested beyond 32 levels" },
        { """{"type":"object","allOf":[{"$ref":"#"}]}""", "is recursive or nested beyond 32 levels" },
        { """{"type":"array","items":{"$ref":"#"},"minItems":1}""", "is recursive or nested beyond 32 levels" },
        { """{"default":1,"anyOf":[{"$ref":"#"},{"$ref":"#"},{"$ref":"#"}]}""", "needs more than 10000 steps" },
    };

    public static TheoryData<string, string> OversizedSchemas => new()
    {
        { """{"type":"array","items":{"type":"integer"},"minItems":2000000000}""", "asks for minItems 2000000000; the emulator generates at most 100 items" },
        { """{"type":"string","minLength":2000000000}""", "asks for minLength 2000000000; the emulator generates at most 10000 characters" },
        { """{"type":"object","additionalProperties":{"type":"integer"},"minProperties":2000000000}""", "asks for minProperties 2000000000; the emulator generates at most 100 properties" },
        { """{"type":"string","pattern":"^a{2000000000}$"}""", "asks with a pattern whose repetitions write out more than the 1000 copies the emulator samples" },
        { """{"type":"string","pattern":"^a{10000}$"}""", "asks with a pattern whose repetitions write out more than the 1000 copies the emulator samples" },
        { """{"type":"string","pattern":"^(?:(?:a{100}){100}){100}$"}""", "asks with a pattern whose repetitions write out more than the 1000 copies the emulator samples" },
        { """{"type":"array","minItems":100,"items":{"type":"array","minItems":100,"items":{"type":"array","minItems":100,"items":{"type":"integer"}}}}""", "needs more than 10000 steps" },
        { """{"type":"array","minItems":100,"items":{"type":"string","minLength":10000}}""", "makes an instance of more than 1000000 characters" },
    };

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(RecursiveSchemas))]
    public async Task Chat_RecursiveToolSchema_Returns400NamingTheToolPromptly(string parameters, string expected)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject body = EmulatorHarness.Request("call hostile");
        body["tools"] = new JsonArray(EmulatorHarness.Tool("plain", """{"type":"object"}"""), EmulatorHarness.Tool("hostile", parameters));

        await AssertRefusedAsync(harness, body, $"tools[1].function.parameters {expected}");
    }

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(RecursiveSchemas))]
    [MemberData(nameof(OversizedSchemas))]
    public async Task Chat_HostileResponseSchema_Returns400NamingTheFieldPromptly(string schema, string expected)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await AssertRefusedAsync(harness, WithResponseSchema(schema), $"responseFormat.json_schema.schema {expected}");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_OversizedToolSchema_Returns400NamingTheToolAndKeyword()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject body = EmulatorHarness.Request("call lots");
        body["tools"] = new JsonArray(EmulatorHarness.Tool("lots", """{"type":"object","properties":{"ids":{"type":"array","items":{"type":"integer"},"minItems":2000000000}},"required":["ids"]}"""));

        await AssertRefusedAsync(harness, body, "tools[0].function.parameters asks for minItems 2000000000");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SchemaOutsideJsonSchemaMember_IsNamedWhereItWasSent()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject body = EmulatorHarness.Request("hi");
        body["responseFormat"] = new JsonObject { ["type"] = "json_schema", ["schema"] = JsonNode.Parse("""{"type":"string","minLength":2000000000}""") };

        await AssertRefusedAsync(harness, body, "responseFormat.schema asks for minLength 2000000000");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SchemaInThePromptOfAJsonObjectRequest_IsNamedByItsMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject body = EmulatorHarness.Request(("system", "Answer with JSON."), ("user", """Use this schema: {"type":"array","items":{"type":"integer"},"minItems":2000000000}"""));
        body["responseFormat"] = new JsonObject { ["type"] = "json_object" };

        await AssertRefusedAsync(harness, body, "messages[1].content asks for minItems 2000000000");
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_RecursionThatCanEnd_EndsAtTheFirstRepeat()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string fanOut = """{"type":"object","properties":{"a":{"$ref":"#"},"b":{"$ref":"#"},"c":{"$ref":"#"},"d":{"$ref":"#"},"e":{"$ref":"#"},"f":{"$ref":"#"},"g":{"$ref":"#"},"h":{"$ref":"#"}}}""";
        string tree = """{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["name","children"],"$defs":{"node":{"$ref":"#"}}}""";

        JsonObject first = await harness.ChatAsync(WithResponseSchema(fanOut));
        JsonObject second = await harness.ChatAsync(WithResponseSchema(tree));

        Assert.Equal("""{"a":{},"b":{},"c":{},"d":{},"e":{},"f":{},"g":{},"h":{}}""", first["text"]!.GetValue<string>());
        Assert.Equal("""{"name":"sample name","children":[{"name":"sample name","children":[]}]}""", second["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SchemaAtTheBounds_IsAnswered()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject items = await harness.ChatAsync(WithResponseSchema("""{"type":"array","items":{"type":"integer"},"minItems":100,"maxItems":2000000000}"""));
        JsonObject text = await harness.ChatAsync(WithResponseSchema("""{"type":"string","minLength":10000}"""));
        JsonObject pattern = await harness.ChatAsync(WithResponseSchema("""{"type":"string","pattern":"^a{1001}$"}"""));

        Assert.Equal(100, JsonNode.Parse(items["text"]!.GetValue<string>())!.AsArray().Count);
        Assert.Equal(10_000, JsonNode.Parse(text["text"]!.GetValue<string>())!.GetValue<string>().Length);
        Assert.Equal(new string('a', 1_001), JsonNode.Parse(pattern["text"]!.GetValue<string>())!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_DeeplyNestedButFiniteSchema_IsAnsweredAtItsSmallestFromLevel12()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string schema = """{"type":"integer"}""";
        for (int i = 0; i < 15; i++)
        {
            schema = $$"""{"type":"object","properties":{"optional":{"type":"string"},"inner":{{schema}}},"required":["inner"]}""";
        }

        JsonObject answer = await harness.ChatAsync(WithResponseSchema(schema));

        JsonNode? node = JsonNode.Parse(answer["text"]!.GetValue<string>());
        for (int depth = 0; depth < 15; depth++)
        {
            Assert.Equal(depth < 12, node!.AsObject().ContainsKey("optional"));
            node = node["inner"];
        }

        Assert.Equal(1, node!.GetValue<int>());
    }

    internal static JsonObject WithResponseSchema(string schema)
    {
        JsonObject body = EmulatorHarness.Request("hi");
        body["responseFormat"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "answer", ["schema"] = JsonNode.Parse(schema) },
        };
        return body;
    }

    private static async Task AssertRefusedAsync(EmulatorHarness harness, JsonObject body, string expected)
    {
        // The test's timeout bounds the answer; the message says which count refused the schema, not the time backstop.
        using HttpResponseMessage response = await harness.PostChatAsync(body);
        string text = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(text)!.AsObject();
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Contains(expected, error["error"]!.GetValue<string>(), StringComparison.Ordinal);

        JsonObject next = await harness.ChatAsync(EmulatorHarness.Request("still there?"));
        Assert.Equal("You asked: \"still there?\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", next["text"]!.GetValue<string>());
    }
}
