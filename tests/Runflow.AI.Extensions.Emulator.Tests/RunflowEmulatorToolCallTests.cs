using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorToolCallTests
{
    private static JsonObject WithTools(string userText, params JsonObject[] tools)
    {
        JsonObject request = EmulatorHarness.Request(userText);
        request["tools"] = new JsonArray(tools);
        return request;
    }

    private static JsonArray ToolCalls(JsonObject reply) => reply["toolCalls"]!.AsArray();

    private static string Arguments(JsonNode call) => call["function"]!["arguments"]!.GetValue<string>();

    public static TheoryData<string> ParameterSchemas =>
    [
        """{"type":"object","properties":{},"additionalProperties":false}""",
        """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":14},"metric":{"type":"boolean"},"ratio":{"type":"number","exclusiveMinimum":0}},"required":["city","days","metric","ratio"]}""",
        """{"type":"object","properties":{"i":{"type":["integer","null"]},"s":{"type":["string","null"]},"n":{"type":"null"}},"required":["i","s","n"]}""",
        """{"type":"object","properties":{"side":{"type":"string","enum":["LEFT","RIGHT"]},"level":{"enum":[1,2,3]}},"required":["side","level"]}""",
        """{"type":"object","properties":{"person":{"type":"object","properties":{"name":{"type":"string"},"address":{"type":"object","properties":{"street":{"type":"string"},"zip":{"type":"string","pattern":"^[0-9]{4}-[0-9]{3}$"}},"required":["street"]}},"required":["name","address"]}},"required":["person"]}""",
        """{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":3},"matrix":{"type":"array","items":{"type":"array","items":{"type":"integer"}}},"people":{"type":"array","items":{"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}}},"required":["items","matrix","people"]}""",
        """{"type":"object","properties":{"duration":{"type":"number","default":10},"steps":{"type":"number","default":5}},"additionalProperties":false}""",
        """{"type":"object","properties":{"prompt":{"type":"string"},"maxTokens":{"type":"number","default":100}},"required":["prompt"],"additionalProperties":false}""",
        """{"type":"object","properties":{"resourceId":{"type":"number","minimum":1,"maximum":100}},"required":["resourceId"]}""",
        """{"type":"object","properties":{"when":{"type":"string","format":"date-time"},"day":{"type":"string","format":"date"},"id":{"type":"string","format":"uuid"},"site":{"type":"string","format":"uri"},"c":{"type":"string","minLength":1,"maxLength":1},"span":{"type":"string","pattern":"^-?(\\d+\\.)?\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?$"}},"required":["when","day","id","site","c","span"]}""",
        """{"type":"object","properties":{"owner":{"$ref":"#/$defs/user"},"reviewers":{"type":"array","items":{"$ref":"#/$defs/user"}}},"required":["owner","reviewers"],"$defs":{"user":{"type":"object","properties":{"login":{"type":"string"},"role":{"type":"string","enum":["admin","member"]}},"required":["login","role"]}}}""",
        """{"type":"object","properties":{"value":{"anyOf":[{"type":"null"},{"type":"integer","minimum":25,"maximum":75}]},"mode":{"oneOf":[{"type":"string","enum":["fast"]},{"type":"integer"}]},"more":{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"string"}},"required":["b"]}]}},"required":["value","mode","more"]}""",
        """{"type":"object","properties":{"flags":{"type":"array","items":{"type":"string","enum":["a","b","c"]},"minItems":3,"uniqueItems":true},"bag":{"type":"object","additionalProperties":{"type":"integer"},"minProperties":1}},"required":["flags","bag"]}""",
    ];

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(ParameterSchemas))]
    public async Task Chat_ToolNamedByTheUser_ArgumentsAreValidAgainstItsSchema(string schema)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(WithTools("Please run do_it now.", EmulatorHarness.Tool("do_it", schema)));

        Assert.Equal("tool_calls", reply["finishReason"]!.GetValue<string>());
        JsonNode call = Assert.Single(ToolCalls(reply))!;
        Assert.Equal("call_1", call["id"]!.GetValue<string>());
        Assert.Equal("function", call["type"]!.GetValue<string>());
        Assert.Equal("do_it", call["function"]!["name"]!.GetValue<string>());
        SchemaCheck.AssertValid(Arguments(call), schema);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolWithoutParameters_IsCalledWithAnEmptyObject()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("What does GetSecretNumber say?");
        request["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "GetSecretNumber" } });

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("{}", Arguments(Assert.Single(ToolCalls(reply))!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_OptionalParametersNotMentioned_AreLeftOutSoDefaultsApply()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"id":{"type":"string","default":"defaultId"},"count":{"type":"integer"}},"required":["count"]}""";

        JsonObject reply = await harness.ChatAsync(WithTools("Call lookup", EmulatorHarness.Tool("lookup", Schema)));

        Assert.Equal("""{"count":1}""", Arguments(Assert.Single(ToolCalls(reply))!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ValuesInTheUserText_AreUsedAsArguments()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"number"},"city":{"type":"string"},"metric":{"type":"boolean"},"unit":{"type":"string","enum":["Celsius","Fahrenheit"]},"note":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"id":{"type":"string","default":"none"}},"required":["a","b","city","metric","unit","note","tags"]}""";

        JsonObject reply = await harness.ChatAsync(WithTools(
            """Use calc with a=2, b: 2.5 and city: New York; metric=yes unit=celsius note="x, y" tags=["red","blue"] id=foo""",
            EmulatorHarness.Tool("calc", Schema)));

        string arguments = Arguments(Assert.Single(ToolCalls(reply))!);
        SchemaCheck.AssertValid(arguments, Schema);
        Assert.Equal("""{"a":2,"b":2.5,"city":"New York","metric":true,"unit":"Celsius","note":"x, y","tags":["red","blue"],"id":"foo"}""", arguments);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("Use lookup with id=foo to find the secret number.", "foo")]
    [InlineData("Who has id=123? Use lookup.", "123")]
    [InlineData("lookup id: New York please", "New York")]
    [InlineData("lookup id=v1.2.", "v1.2")]
    [InlineData("lookup id=Lisbon, then stop", "Lisbon")]
    [InlineData("lookup (id=Porto) now", "Porto")]
    [InlineData("lookup id='a b, c' now", "a b, c")]
    [InlineData("lookup \"id\": \"Faro\"", "Faro")]
    public async Task Chat_PlainValue_EndsWhereTheSentenceOrPhraseEnds(string userText, string expected)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(WithTools(userText, EmulatorHarness.Tool("lookup", """{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}""")));

        Assert.Equal(expected, JsonNode.Parse(Arguments(Assert.Single(ToolCalls(reply))!))!["id"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ValueTheSchemaRejects_IsReplacedByAValidOne()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"count":{"type":"integer","minimum":5},"side":{"type":"string","enum":["LEFT","RIGHT"]}},"required":["count","side"]}""";

        JsonObject reply = await harness.ChatAsync(WithTools("do_it count=abc side=middle", EmulatorHarness.Tool("do_it", Schema)));

        string arguments = Arguments(Assert.Single(ToolCalls(reply))!);
        SchemaCheck.AssertValid(arguments, Schema);
        Assert.Equal("""{"count":5,"side":"LEFT"}""", arguments);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NestedValuesInTheUserText_FillNestedObjects()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"person":{"type":"object","properties":{"Name":{"type":"string"},"Age":{"type":"integer","default":42}},"required":["Name"]}},"required":["person"]}""";

        JsonObject reply = await harness.ChatAsync(WithTools("GetSecretNumberByPerson for name=John age=19", EmulatorHarness.Tool("GetSecretNumberByPerson", Schema)));

        Assert.Equal("""{"person":{"Name":"John","Age":19}}""", Arguments(Assert.Single(ToolCalls(reply))!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SeveralToolsNamed_CallsEachInTextOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools(
            "First get_time zone=UTC, then get_weather city=Lisbon.",
            EmulatorHarness.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
            EmulatorHarness.Tool("get_time", """{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}"""),
            EmulatorHarness.Tool("unused_tool", """{"type":"object","properties":{}}"""));

        JsonObject reply = await harness.ChatAsync(request);

        JsonArray calls = ToolCalls(reply);
        Assert.Equal(2, calls.Count);
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(["get_time", "get_weather"], calls.Select(c => c!["function"]!["name"]!.GetValue<string>()));
        Assert.Equal("""{"zone":"UTC"}""", Arguments(calls[0]!));
        Assert.Equal("""{"city":"Lisbon"}""", Arguments(calls[1]!));
        Assert.Equal("tool_calls", reply["finishReason"]!.GetValue<string>());
        Assert.Equal("", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SameToolNamedTwiceWithDifferentValues_CallsItTwice()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools(
            "GetPersonAge personName=Elsa and GetPersonAge personName=Anna",
            EmulatorHarness.Tool("GetPersonAge", """{"type":"object","properties":{"personName":{"type":"string"}},"required":["personName"]}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal(
            ["""{"personName":"Elsa"}""", """{"personName":"Anna"}"""],
            ToolCalls(reply).Select(c => Arguments(c!)));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SameToolNamedTwiceWithTheSameValues_CallsItOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools(
            "Use get_weather. get_weather needs city=Lisbon",
            EmulatorHarness.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("""{"city":"Lisbon"}""", Arguments(Assert.Single(ToolCalls(reply))!));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolNameInsideAnotherWord_IsNotACall()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(WithTools("my_get_weather_helper is broken", EmulatorHarness.Tool("get_weather", "{}")));

        Assert.Null(reply["toolCalls"]);
        Assert.Equal("You said: \"my_get_weather_helper is broken\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolsOfferedButNotNamed_AnswersWithText()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(WithTools("Just chatting", EmulatorHarness.Tool("get_weather", "{}")));

        Assert.Null(reply["toolCalls"]);
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
        Assert.Equal("You said: \"Just chatting\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolChoiceRequired_CallsTheFirstToolWhenNoneIsNamed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools(
            "Are birds real?",
            EmulatorHarness.Tool("GetSecretNumber", """{"type":"object","properties":{}}"""),
            EmulatorHarness.Tool("ShieldsUp", """{"type":"object","properties":{}}"""));
        request["toolChoice"] = "required";

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("GetSecretNumber", Assert.Single(ToolCalls(reply))!["function"]!["name"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolChoiceSpecific_CallsThatToolEvenWhenAnotherIsNamed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools(
            "What does GetSecretNumber return?",
            EmulatorHarness.Tool("GetSecretNumber", """{"type":"object","properties":{}}"""),
            EmulatorHarness.Tool("ShieldsUp", """{"type":"object","properties":{"level":{"type":"integer"}},"required":["level"]}"""));
        request["toolChoice"] = new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "ShieldsUp" } };

        JsonObject reply = await harness.ChatAsync(request);

        JsonNode call = Assert.Single(ToolCalls(reply))!;
        Assert.Equal("ShieldsUp", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"level":1}""", Arguments(call));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolChoiceNone_AnswersWithTextEvenWhenAToolIsNamed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = WithTools("Call get_weather", EmulatorHarness.Tool("get_weather", "{}"));
        request["toolChoice"] = "none";

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Null(reply["toolCalls"]);
        Assert.Equal("You said: \"Call get_weather\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolResults_AreAnsweredWithTextContainingThem()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("What is the weather in Lisbon? Use get_weather");
        request["tools"] = new JsonArray(EmulatorHarness.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}}}"""));
        JsonArray messages = request["messages"]!.AsArray();
        messages.Add(JsonNode.Parse("""{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}}]}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"call_1","content":"{\"tempC\":21}"}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("Here is what I found: get_weather returned tempC 21. (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
        Assert.Null(reply["toolCalls"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SeveralToolResults_AreAllQuotedInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("ages");
        JsonArray messages = request["messages"]!.AsArray();
        messages.Add(JsonNode.Parse("""{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"GetPersonAge","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"GetPersonAge","arguments":"{}"}}]}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"a","content":"21"}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"b","name":"GetPersonAge","content":"18"}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("Here is what I found: GetPersonAge returned 21; GetPersonAge returned 18. (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolResultsWithJsonSchemaFormat_BuildTheInstanceFromTheResults()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"FullName":{"type":"string"},"AgeInYears":{"type":"integer"}},"required":["FullName","AgeInYears"]}""";
        JsonObject request = EmulatorHarness.Request("Who is person 123? Use GetPersonById");
        request["responseFormat"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "p", ["schema"] = JsonNode.Parse(Schema) } };
        JsonArray messages = request["messages"]!.AsArray();
        messages.Add(JsonNode.Parse("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"GetPersonById","arguments":"{\"personId\":123}"}}]}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"call_1","content":"{\"FullName\":\"Jimbo Smith\",\"AgeInYears\":35}"}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("""{"FullName":"Jimbo Smith","AgeInYears":35}""", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolCallUsage_CountsNamesAndArgumentsAsCompletion()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(WithTools("ping now", EmulatorHarness.Tool("ping", """{"type":"object","properties":{}}""")));

        // "ping" is 1 token, "{}" is 2.
        Assert.Equal(3, reply["usage"]!["completionTokens"]!.GetValue<int>());
        Assert.Equal(2, reply["usage"]!["promptTokens"]!.GetValue<int>());
        Assert.Equal(5, reply["usage"]!["totalTokens"]!.GetValue<int>());
    }
}
