using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>The model read as an assistant: natural questions, tool calls from their meaning, sentences back.</summary>
public sealed class RunflowEmulatorConversationTests
{
    private const string Note = "(Offline Runflow emulator: a deterministic stand-in, not a language model.)";

    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string","description":"The city name"}},"required":["city"]}""";

    private const string TimeZoneSchema = """{"type":"object","properties":{"timeZone":{"type":"string","description":"An IANA time zone such as Europe/Lisbon"}},"required":["timeZone"]}""";

    private static JsonObject Tool(string name, string description, string schema)
    {
        JsonObject tool = EmulatorHarness.Tool(name, schema);
        tool["function"]!["description"] = description;
        return tool;
    }

    private static JsonObject Asking(string userText, params JsonObject[] tools)
    {
        JsonObject request = EmulatorHarness.Request(userText);
        request["tools"] = new JsonArray(tools);
        return request;
    }

    private static (string Name, string Arguments)[] Calls(JsonObject reply) =>
        reply["toolCalls"]!.AsArray().Select(c => (c!["function"]!["name"]!.GetValue<string>(), c["function"]!["arguments"]!.GetValue<string>())).ToArray();

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_WeatherQuestion_CallsTheWeatherToolWithTheCityNamed()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking(
            "What's the weather like in Paris right now?",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema)));

        Assert.Equal("tool_calls", reply["finishReason"]!.GetValue<string>());
        Assert.Equal([("get_weather", """{"city":"Paris"}""")], Calls(reply));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_QuestionAboutTwoTools_CallsBothInParallelWithTheirArguments()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking(
            "What's the weather in Lisbon and the local time there?",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema),
            Tool("get_local_time", "Gets the local time in an IANA time zone.", TimeZoneSchema),
            Tool("find_flights", "Finds direct flights between two cities.", """{"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"}},"required":["from","to"]}""")));

        // The time zone comes from the example its description gives, whose last part the question names.
        Assert.Equal([("get_weather", """{"city":"Lisbon"}"""), ("get_local_time", """{"timeZone":"Europe/Lisbon"}""")], Calls(reply));
        Assert.Equal(["call_1", "call_2"], reply["toolCalls"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("get_local_time")]
    [InlineData("GetCurrentTime")]
    [InlineData("current-time")]
    public async Task Chat_TimeQuestion_MatchesATimeToolHoweverItsNameIsWritten(string name)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking("what time is it in Tokyo", Tool(name, "A clock.", WeatherSchema)));

        Assert.Equal([(name, """{"city":"Tokyo"}""")], Calls(reply));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoNameMatches_ADescriptionMatchCallsTheTool()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking(
            "How many inhabitants does New Zealand have?",
            Tool("lookup", "Looks up the number of inhabitants of a country.", """{"type":"object","properties":{"country":{"type":"string"}},"required":["country"]}"""),
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema)));

        Assert.Equal([("lookup", """{"country":"New Zealand"}""")], Calls(reply));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_QuestionAboutNoTool_IsAnsweredWithText()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking(
            "Tell me a joke about Paris.",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema)));

        Assert.Null(reply["toolCalls"]);
        Assert.Equal($"You said: \"Tell me a joke about Paris.\" {Note}", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ProseValues_FillEachParameterByItsSchema()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """
            {"type":"object","properties":{
              "from":{"type":"string","description":"Departure city"},
              "to":{"type":"string","description":"Arrival city"},
              "date":{"type":"string","format":"date"},
              "passengers":{"type":"integer","minimum":1},
              "cabin":{"type":"string","enum":["economy","business"]},
              "bookingRef":{"type":"string"},
              "note":{"type":"string"}},
             "required":["from","to","date","passengers","cabin"]}
            """;

        JsonObject reply = await harness.ChatAsync(Asking(
            "Book flights to New York from Porto on 12 May 2025 for 2 passengers in business class, reference TP-1943, \"window seats\".",
            Tool("book_flights", "Books flights.", Schema)));

        (string name, string arguments) = Assert.Single(Calls(reply));
        Assert.Equal("book_flights", name);
        // Optional parameters are sent when the text gives them: an id-like token for the reference, the quoted text for the note.
        Assert.Equal("""{"from":"Porto","to":"New York","date":"2025-05-12","passengers":2,"cabin":"business","bookingRef":"TP-1943","note":"window seats"}""", arguments);
        SchemaCheck.AssertValid(arguments, Schema);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_WrittenValue_WinsOverWhatTheProseGives()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(Asking(
            "What's the weather in Paris? Actually city: Lyon.",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema)));

        Assert.Equal([("get_weather", """{"city":"Lyon"}""")], Calls(reply));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoValueInTheText_FallsBackToASchemaValidSample()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"city":{"type":"string","minLength":2},"days":{"type":"integer","minimum":3}},"required":["city","days"]}""";

        JsonObject reply = await harness.ChatAsync(Asking("How is the weather?", Tool("get_weather", "Gets the weather.", Schema)));

        (_, string arguments) = Assert.Single(Calls(reply));
        Assert.Equal("""{"city":"sample city","days":3}""", arguments);
        SchemaCheck.AssertValid(arguments, Schema);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ToolResults_AreAnsweredWithASentenceHoldingTheirValues()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = Asking(
            "What's the weather in Lisbon and the local time there?",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema),
            Tool("get_local_time", "Gets the local time.", TimeZoneSchema));
        JsonArray messages = request["messages"]!.AsArray();
        messages.Add(JsonNode.Parse("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lisbon\"}"}},{"id":"call_2","type":"function","function":{"name":"get_local_time","arguments":"{}"}}]}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"call_1","content":"{\"tempC\":21,\"condition\":\"Sunny\"}"}"""));
        messages.Add(JsonNode.Parse("""{"role":"tool","tool_call_id":"call_2","content":"14:05"}"""));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Null(reply["toolCalls"]);
        Assert.Equal(
            $"Here is what I found: get_weather returned tempC 21, condition Sunny; get_local_time returned \"14:05\". {Note}",
            reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_InstructionsAndSystemMessages_AreNeverRepeated()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", "You are a pirate."), ("user", "Hello"));
        request["instructions"] = "Answer briefly.";

        JsonObject reply = await harness.ChatAsync(request);
        string streamed = await harness.StreamAsync(request);
        request["responseFormat"] = new JsonObject { ["type"] = "json_object" };
        JsonObject json = await harness.ChatAsync(request);

        Assert.Equal($"You said: \"Hello\" {Note}", reply["text"]!.GetValue<string>());
        Assert.Equal(reply["text"]!.GetValue<string>(), streamed);
        Assert.Equal("""{"reply":"You said: \"Hello\""}""", json["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_OfflineNote_IsInTheFirstAnswerOfAConversationOnly()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject first = await harness.ChatAsync(EmulatorHarness.Request("Hello, Runflow!"));
        string answer = first["text"]!.GetValue<string>();
        JsonObject second = await harness.ChatAsync(EmulatorHarness.Request(("user", "Hello, Runflow!"), ("assistant", answer), ("user", "Are you there?")));
        string streamedSecond = await harness.StreamAsync(EmulatorHarness.Request(("user", "Hello, Runflow!"), ("assistant", answer), ("user", "Are you there?")));

        Assert.Equal($"You said: \"Hello, Runflow!\" {Note}", answer);
        Assert.Equal("You asked: \"Are you there?\"", second["text"]!.GetValue<string>());
        Assert.Equal("You asked: \"Are you there?\"", streamedSecond);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_JsonSchemaFormat_TakesItsValuesFromTheConversation()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"city":{"type":"string"},"temperatureC":{"type":"number"},"unit":{"type":"string","enum":["fahrenheit","celsius"]},"sunny":{"type":"boolean"}},"required":["city","temperatureC","unit","sunny"]}""";
        JsonObject request = EmulatorHarness.Request(("user", "I am in Lisbon today."), ("assistant", "Noted."), ("user", "It is 21.5 degrees Celsius here. Describe the weather."));
        request["responseFormat"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "weather", ["schema"] = JsonNode.Parse(Schema) } };

        JsonObject reply = await harness.ChatAsync(request);

        string text = reply["text"]!.GetValue<string>();
        Assert.Equal("""{"city":"Lisbon","temperatureC":21.5,"unit":"celsius","sunny":true}""", text);
        SchemaCheck.AssertValid(text, Schema);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NaturalQuestion_IsAnsweredWithTheSameBytesEveryTimeAndStreamedAsTheSameText()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject tools = Asking(
            "What's the weather in Lisbon and the local time there?",
            Tool("get_weather", "Gets the current weather for a city.", WeatherSchema),
            Tool("get_local_time", "Gets the local time in an IANA time zone.", TimeZoneSchema));
        JsonObject plain = EmulatorHarness.Request("Which city has the most bridges?");

        using HttpResponseMessage one = await harness.PostChatAsync(tools);
        using HttpResponseMessage two = await harness.PostChatAsync(tools);
        JsonObject answer = await harness.ChatAsync(plain);
        string streamed = await harness.StreamAsync(plain);

        Assert.Equal(await one.Content.ReadAsByteArrayAsync(EmulatorHarness.Token), await two.Content.ReadAsByteArrayAsync(EmulatorHarness.Token));
        Assert.Equal($"You asked: \"Which city has the most bridges?\" {Note}", answer["text"]!.GetValue<string>());
        Assert.Equal(answer["text"]!.GetValue<string>(), streamed);
    }
}
