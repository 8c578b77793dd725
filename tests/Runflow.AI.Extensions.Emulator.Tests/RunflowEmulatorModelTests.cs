using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

public sealed class RunflowEmulatorModelTests
{
    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_SameRequestTwice_ReturnsIdenticalBytes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", "Be kind"), ("user", "Plan a trip: get_weather city=Lisbon"));
        request["tools"] = new JsonArray(EmulatorHarness.Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city","days"]}"""));
        request["thinking"] = new JsonObject { ["type"] = "enabled", ["budgetTokens"] = 100 };

        using HttpResponseMessage first = await harness.PostChatAsync(request);
        using HttpResponseMessage second = await harness.PostChatAsync(request);

        byte[] a = await first.Content.ReadAsByteArrayAsync(EmulatorHarness.Token);
        byte[] b = await second.Content.ReadAsByteArrayAsync(EmulatorHarness.Token);
        Assert.NotEmpty(a);
        Assert.Equal(a, b);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_TwoEmulators_AnswerTheSameRequestWithTheSameBytes()
    {
        await using var one = await EmulatorHarness.StartAsync();
        await using var two = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("What is 1 + 2?");
        request["responseFormat"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "answer", ["schema"] = JsonNode.Parse("""{"type":"object","properties":{"value":{"type":"integer"}},"required":["value"]}""") },
        };

        using HttpResponseMessage first = await one.PostChatAsync(request);
        using HttpResponseMessage second = await two.PostChatAsync(request);

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(EmulatorHarness.Token), await second.Content.ReadAsByteArrayAsync(EmulatorHarness.Token));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_UserMessage_IsRestated()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request("Hello, Runflow!"));

        Assert.Equal("You said: \"Hello, Runflow!\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
        Assert.Equal("gpt-4o", reply["model"]!.GetValue<string>());
        Assert.Null(reply["toolCalls"]);
        Assert.Null(reply["thinking"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_MultiTurn_RestatesTheLastUserMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        JsonObject reply = await harness.ChatAsync(EmulatorHarness.Request(
            ("user", "Pick a city"), ("assistant", "Seattle"), ("user", "And another one")));

        Assert.Equal("You said: \"And another one\"", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_EmptyMessagesBeforeTheQuestion_AreSkipped()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", ""), ("user", ""), ("assistant", ""), ("user", "What is 1 + 2?"));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You asked: \"What is 1 + 2?\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_NoUserText_SaysSo()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("assistant", "Hi there"));

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("I have no message from you to answer.", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ContentParts_AreReadInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("unused");
        request["messages"]![0]!["content"] = JsonNode.Parse("""[{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"text","text":"this"}]""");

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"Describe this\" You attached an image (image/png, 3 bytes). (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_InstructionsAndSystemMessages_AreNotRepeatedInTheReply()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", "You are a pirate."), ("user", "Hello"));
        request["instructions"] = "Answer briefly.";

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"Hello\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_MaxTokens_CutsTheReplyWithFinishReasonLength()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("one two three four five six");
        request["maxTokens"] = 4;

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"", reply["text"]!.GetValue<string>());
        Assert.Equal("length", reply["finishReason"]!.GetValue<string>());
        Assert.Equal(4, reply["usage"]!["completionTokens"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_MaxTokensAboveTheReplyLength_LeavesItWhole()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("short");
        request["maxTokens"] = 100;

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"short\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_StopSequence_CutsBeforeItsFirstOccurrence()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("alpha beta STOP gamma STOP delta");
        request["stop"] = new JsonArray("zzz", "STOP");

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"alpha beta ", reply["text"]!.GetValue<string>());
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_StopAndMaxTokens_StopCutsFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("a b c d e f g");
        request["stop"] = new JsonArray("c");
        request["maxTokens"] = 50;

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("You said: \"a b ", reply["text"]!.GetValue<string>());
        Assert.Equal("stop", reply["finishReason"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_Usage_CountsPromptAndCompletionAndSumsThem()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request(("system", "Be brief."), ("user", "Hello, Runflow!"));
        request["instructions"] = "Reply now";

        JsonObject reply = await harness.ChatAsync(request);

        // Tokens are words or single punctuation marks: "Reply now" 2 + "Be brief." 3 + "Hello, Runflow!" 4.
        JsonNode usage = reply["usage"]!;
        Assert.Equal(9, usage["promptTokens"]!.GetValue<int>());
        string text = reply["text"]!.GetValue<string>();
        Assert.Equal("You said: \"Hello, Runflow!\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", text);
        Assert.Equal(26, usage["completionTokens"]!.GetValue<int>());
        Assert.Equal(35, usage["totalTokens"]!.GetValue<int>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_Model_IsEchoed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("hi");
        request["model"] = "claude-sonnet-4-5";

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("claude-sonnet-4-5", reply["model"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ThinkingEnabled_ReturnsReasoningText()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Why is the sky blue?");
        request["thinking"] = new JsonObject { ["type"] = "enabled", ["budgetTokens"] = 1024 };

        JsonObject reply = await harness.ChatAsync(request);

        string thinking = reply["thinking"]!.GetValue<string>();
        Assert.Contains("Why is the sky blue?", thinking, StringComparison.Ordinal);
        Assert.Equal("You asked: \"Why is the sky blue?\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", reply["text"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ThinkingBudget_CutsTheReasoning()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Why is the sky blue?");
        request["thinking"] = new JsonObject { ["type"] = "enabled", ["budgetTokens"] = 2 };

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Equal("The user", reply["thinking"]!.GetValue<string>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ThinkingDisabled_HasNoReasoning()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("hi");
        request["thinking"] = new JsonObject { ["type"] = "disabled" };

        JsonObject reply = await harness.ChatAsync(request);

        Assert.Null(reply["thinking"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_JsonObjectFormat_ReturnsAJsonObject()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Give me JSON");
        request["instructions"] = "Use JSON";
        request["responseFormat"] = new JsonObject { ["type"] = "json_object" };

        JsonObject reply = await harness.ChatAsync(request);

        JsonObject content = Assert.IsType<JsonObject>(JsonNode.Parse(reply["text"]!.GetValue<string>()));
        Assert.Equal("You said: \"Give me JSON\"", content["reply"]!.GetValue<string>());
        Assert.Null(content["instructions"]);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_JsonObjectFormatWithSchemaInThePrompt_ReturnsAnInstanceOfThatSchema()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"fullName":{"type":"string"},"age":{"type":"integer"}},"required":["fullName","age"]}""";
        JsonObject request = EmulatorHarness.Request(
            ("user", "fullName=Jimbo Smith, age=35"),
            ("user", $"Respond with a JSON value conforming to the following schema:\n```\n{Schema}\n```"));
        request["responseFormat"] = new JsonObject { ["type"] = "json_object" };

        JsonObject reply = await harness.ChatAsync(request);

        string text = reply["text"]!.GetValue<string>();
        SchemaCheck.AssertValid(text, Schema);
        Assert.Equal("""{"fullName":"Jimbo Smith","age":35}""", text);
    }

    public static TheoryData<string> ResponseSchemas =>
    [
        """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":18},"score":{"type":"number","maximum":1},"active":{"type":"boolean"}},"required":["name","age","score","active"],"additionalProperties":false}""",
        """{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"},"minItems":2}},"required":["id","tags"]},"minItems":3}""",
        """{"type":"object","properties":{"data":{"type":"integer"}},"required":["data"]}""",
        """{"type":"object","properties":{"data":{"type":"string"}},"required":["data"]}""",
        """{"type":"object","properties":{"data":{"type":"boolean"}},"required":["data"]}""",
        """{"type":"object","properties":{"data":{"type":"string","enum":["Wombat","PopStar","Programmer"]}},"required":["data"]}""",
        """{"type":"object","properties":{"owner":{"$ref":"#/$defs/person"},"pets":{"type":"array","items":{"$ref":"#/$defs/pet"}}},"required":["owner","pets"],"$defs":{"person":{"type":"object","properties":{"name":{"type":"string","minLength":3},"email":{"type":"string","format":"email"}},"required":["name","email"]},"pet":{"type":"object","properties":{"kind":{"enum":["cat","dog"]},"age":{"type":["integer","null"]}},"required":["kind","age"]}}}""",
        """{"type":"object","properties":{"when":{"type":"string","format":"date-time"},"id":{"type":"string","format":"uuid"},"code":{"type":"string","pattern":"^[A-Z]{3}$"},"choice":{"anyOf":[{"type":"null"},{"type":"integer","minimum":5}]}},"required":["when","id","code","choice"]}""",
        """{"type":"string"}""",
        """{"type":"integer","minimum":10,"maximum":20}""",
    ];

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(ResponseSchemas))]
    public async Task Chat_JsonSchemaFormat_ReturnsAValidInstance(string schema)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        JsonObject request = EmulatorHarness.Request("Fill it in");
        request["responseFormat"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "result", ["schema"] = JsonNode.Parse(schema), ["strict"] = true },
        };

        JsonObject reply = await harness.ChatAsync(request);

        SchemaCheck.AssertValid(reply["text"]!.GetValue<string>(), schema);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_JsonSchemaFormat_TakesValuesFromTheUserText()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const string Schema = """{"type":"object","properties":{"FullName":{"type":"string"},"AgeInYears":{"type":"integer"},"HomeTown":{"type":["string","null"]},"Job":{"type":"string","enum":["Wombat","PopStar","Programmer"]}},"required":["FullName","AgeInYears","HomeTown","Job"]}""";
        JsonObject request = EmulatorHarness.Request("FullName=Jimbo Smith, AgeInYears=35, HomeTown: Cardiff, Job=programmer");
        request["responseFormat"] = new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject { ["name"] = "person", ["schema"] = JsonNode.Parse(Schema) },
        };

        JsonObject reply = await harness.ChatAsync(request);

        string text = reply["text"]!.GetValue<string>();
        SchemaCheck.AssertValid(text, Schema);
        Assert.Equal("""{"FullName":"Jimbo Smith","AgeInYears":35,"HomeTown":"Cardiff","Job":"Programmer"}""", text);
    }
}
