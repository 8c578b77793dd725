using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// What any Runflow backend must satisfy through <see cref="RunflowChatClient"/> and the Microsoft.Extensions.AI
/// middleware: plain chat, usage, function invocation, caching, logging, telemetry, structured output and reducers.
/// </summary>
/// <remarks>
/// Prompts carry the values a tool or a schema needs in <c>name=value</c> form, so a real model and the emulator's
/// scripted model both get them. Exact texts are asserted only against the emulator (<see cref="Emulator"/> is set).
/// </remarks>
public abstract class RunflowChatClientContractTests : IAsyncDisposable
{
    private readonly List<IChatClient> _clients = [];
    private RunflowClientOptions? _options;

    /// <summary>Gets the emulator behind the client, or <see langword="null"/> against a live service.</summary>
    protected virtual RunflowEmulator? Emulator => null;

    /// <summary>Gets a value indicating whether the backend streams (false would skip the streaming scenarios).</summary>
    protected virtual bool SupportsStreaming => true;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Creates the client options of the backend, or skips the test when it is not available.</summary>
    protected abstract ValueTask<RunflowClientOptions> CreateOptionsAsync();

    public virtual async ValueTask DisposeAsync()
    {
        foreach (IChatClient client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
        await ValueTask.CompletedTask;
    }

    /// <summary>Creates a new client on the backend; every client of a test shares the same backend.</summary>
    protected async Task<IChatClient> CreateClientAsync()
    {
        _options ??= await CreateOptionsAsync();
        var client = new RunflowChatClient(_options);
        _clients.Add(client);
        return client;
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetResponseAsync_SingleRequestMessage_AnswersIt()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse response = await client.GetResponseAsync("Name the biggest animal", cancellationToken: Token);

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(string.IsNullOrWhiteSpace(response.ModelId));
        if (Emulator is not null)
        {
            Assert.Equal("You said: \"Name the biggest animal\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        }
        else
        {
            Assert.Contains("whale", response.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetResponseAsync_MultipleRequestMessages_SendsTheWholeConversation()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse response = await client.GetResponseAsync(
        [
            new(ChatRole.User, "Pick a city, any city"),
            new(ChatRole.Assistant, "Seattle"),
            new(ChatRole.User, "And another one"),
            new(ChatRole.Assistant, "Jakarta"),
            new(ChatRole.User, "Which continent is each of them in?"),
        ], cancellationToken: Token);

        if (Emulator is not null)
        {
            Assert.Equal("You asked: \"Which continent is each of them in?\"", response.Text);
            var roles = Emulator.Requests[^1].Json!["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
            Assert.Equal(["user", "assistant", "user", "assistant", "user"], roles);
        }
        else
        {
            Assert.Contains("America", response.Text, StringComparison.Ordinal);
            Assert.Contains("Asia", response.Text, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetResponseAsync_WithEmptyMessages_AnswersTheLastQuestion()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse response = await client.GetResponseAsync(
        [
            new(ChatRole.System, []),
            new(ChatRole.User, []),
            new(ChatRole.Assistant, []),
            new(ChatRole.User, "What is 1 + 2? Reply with a single number."),
        ], cancellationToken: Token);

        if (Emulator is not null)
        {
            Assert.Equal("You said: \"What is 1 + 2? Reply with a single number.\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
        }
        else
        {
            Assert.Contains("3", response.Text, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetResponseAsync_UsageDataAvailable_TotalIsInputPlusOutput()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse response = await client.GetResponseAsync("Explain in 10 words how AI works", cancellationToken: Token);

        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 1);
        Assert.True(response.Usage.OutputTokenCount > 1);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetStreamingResponseAsync_Text_ArrivesInUpdatesThatAddUp()
    {
        Assert.SkipUnless(SupportsStreaming, "The backend does not stream.");
        IChatClient client = await CreateClientAsync();

        List<ChatResponseUpdate> updates = await ToListAsync(client.GetStreamingResponseAsync("Quote, word for word, Neil Armstrong's famous words.", cancellationToken: Token));

        string text = string.Concat(updates.Select(u => u.Text));
        Assert.True(updates.Count > 1, $"expected several updates, got {updates.Count}");
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        if (Emulator is not null)
        {
            Assert.Equal("You said: \"Quote, word for word, Neil Armstrong's famous words.\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)", text);
        }
        else
        {
            Assert.Contains("one small step", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task GetStreamingResponseAsync_AppendToHistory_AddsOneAssistantMessage()
    {
        Assert.SkipUnless(SupportsStreaming, "The backend does not stream.");
        IChatClient client = await CreateClientAsync();
        List<ChatMessage> history = [new(ChatRole.User, "Explain in 100 words how AI works")];

        await history.AddMessagesAsync(client.GetStreamingResponseAsync(history, cancellationToken: Token), Token);

        Assert.Equal(2, history.Count);
        Assert.Equal(ChatRole.Assistant, history[1].Role);
        var text = Assert.IsType<TextContent>(Assert.Single(history[1].Contents));
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_Parameterless_UsesTheFunctionResult()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        int calls = 0;

        ChatResponse response = await client.GetResponseAsync(
            "Use GetSecretNumber to find the current secret number.",
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => { calls++; return 42; }, "GetSecretNumber")] },
            Token);

        Assert.Equal(1, calls);
        Assert.Contains("42", response.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_WithParameters_NonStreaming_BindsTheArguments()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetResponseAsync(
            "Use SecretComputation with a=42 and b=84, and tell me the result.",
            new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a * b, "SecretComputation")] },
            Token);

        Assert.Contains("3528", response.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_WithParameters_Streaming_BindsTheArguments()
    {
        Assert.SkipUnless(SupportsStreaming, "The backend does not stream.");
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();

        List<ChatResponseUpdate> updates = await ToListAsync(client.GetStreamingResponseAsync(
            "Use SecretComputation with a=42 and b=84, and tell me the result.",
            new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a * b, "SecretComputation")] },
            Token));

        Assert.Contains("3528", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
        Assert.Contains(updates.SelectMany(u => u.Contents), c => c is FunctionCallContent { Name: "SecretComputation" });
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_OptionalParameter_TakesTheGivenValue()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        AIFunction function = AIFunctionFactory.Create((string id = "defaultId") => id is "foo" ? 42 : -1, "GetSecretNumberById");

        ChatResponse response = await client.GetResponseAsync(
            "Use GetSecretNumberById with id=foo to find the secret number.", new ChatOptions { Tools = [function] }, Token);

        Assert.Contains("42", response.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_NestedParameters_BindsTheObject()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        ContractPersonRecord? received = null;
        AIFunction function = AIFunctionFactory.Create(
            (ContractPersonRecord person) => { received = person; return person.Name is "John" ? 42 + person.Age : -1; },
            "GetSecretNumberByPerson");

        ChatResponse response = await client.GetResponseAsync(
            "Use GetSecretNumberByPerson for the person with Name=John and Age=19.", new ChatOptions { Tools = [function] }, Token);

        Assert.Equal(new ContractPersonRecord("John", 19), received);
        Assert.Contains("61", response.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_ArrayParameter_BindsTheItems()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        string? shopper = null;
        List<string> cart = [];
        AIFunction function = AIFunctionFactory.Create(
            (string[] items, string shopperId) => { cart.AddRange(items); shopper = shopperId; },
            "AddItemsToShoppingCart");

        await client.GetResponseAsync(
            """Use AddItemsToShoppingCart with items=["bacon","lettuce","tomatoes"] and shopperId=Peter.""",
            new ChatOptions { Tools = [function] },
            Token);

        Assert.Equal("Peter", shopper);
        Assert.Equal(["bacon", "lettuce", "tomatoes"], cart);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_ParallelCalls_AreAllInvoked()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        var asked = new ConcurrentQueue<string>();
        AIFunction function = AIFunctionFactory.Create(
            (string personName) =>
            {
                asked.Enqueue(personName);
                return personName switch { "Elsa" => 21, "Anna" => 18, _ => 30 };
            },
            "GetPersonAge");

        ChatResponse response = await client.GetResponseAsync(
            "How much older is Elsa than Anna? Use GetPersonAge with personName=Elsa and GetPersonAge with personName=Anna.",
            new ChatOptions { Tools = [function] },
            Token);

        Assert.Equal(["Anna", "Elsa"], asked.Distinct().Order());
        if (Emulator is not null)
        {
            Assert.Equal("Here is what I found: GetPersonAge returned 21; GetPersonAge returned 18. (Offline Runflow emulator: a deterministic stand-in, not a language model.)", response.Text);
            Assert.Equal(2, Emulator.Requests[^1].Json!["messages"]!.AsArray().Count(m => m!["role"]!.GetValue<string>() == "tool"));
        }
        else
        {
            Assert.Matches(@"\b(3|three)\b", response.Text);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_RequireAny_CallsATool()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        int calls = 0;
        AIFunction tool = AIFunctionFactory.Create(() => { calls++; return 123; }, "GetSecretNumber");

        await client.GetResponseAsync("Are birds real?", new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny }, Token);

        Assert.True(calls >= 1);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task FunctionInvocation_RequireSpecific_CallsThatTool()
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        bool shieldsUp = false;
        AIFunction getSecretNumber = AIFunctionFactory.Create(() => 123, "GetSecretNumber");
        AIFunction raiseShields = AIFunctionFactory.Create(() => shieldsUp = true, "ShieldsUp");

        await client.GetResponseAsync(
            "What's the current secret number?",
            new ChatOptions { Tools = [getSecretNumber, raiseShields], ToolMode = ChatToolMode.RequireSpecific(raiseShields.Name) },
            Token);

        Assert.True(shieldsUp);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(false)]
    [InlineData(true)]
    public virtual async Task AvailableTools_AwkwardSchemas_AreAccepted(bool strict)
    {
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        IList<AITool> tools = AwkwardTools(strict, invoked: null);

        ChatResponse response = await client.GetResponseAsync(
            "Briefly, what is the most popular tower in Paris?", new ChatOptions { MaxOutputTokens = 100, Tools = tools }, Token);

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        if (Emulator is not null)
        {
            Assert.Equal(tools.Count, Emulator.Requests[^1].Json!["tools"]!.AsArray().Count);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Caching_SamePrompt_NonStreaming_HitsTheCache()
    {
        int calls = 0;
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .UseDistributedCache(NewCache())
            .Use((messages, options, next, cancellationToken) => { calls++; return next(messages, options, cancellationToken); })
            .Build();
        var message = new ChatMessage(ChatRole.User, "Pick a random number, uniformly distributed between 1 and 1000000");

        ChatResponse first = await client.GetResponseAsync([message], cancellationToken: Token);
        for (int i = 0; i < 3; i++)
        {
            ChatResponse again = await client.GetResponseAsync([message], cancellationToken: Token);
            Assert.Equal(first.Messages.Select(m => m.Text), again.Messages.Select(m => m.Text));
        }

        ((TextContent)message.Contents[0]).Text += "!";
        ChatResponse changed = await client.GetResponseAsync([message], cancellationToken: Token);

        Assert.Equal(2, calls);
        if (Emulator is not null)
        {
            Assert.Equal(2, Emulator.Requests.Count);
            Assert.Contains("1000000!\"", changed.Text, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Caching_SamePrompt_Streaming_HitsTheCache()
    {
        Assert.SkipUnless(SupportsStreaming, "The backend does not stream.");
        int calls = 0;
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .UseDistributedCache(NewCache())
            .Use((messages, options, next, cancellationToken) => { calls++; return next(messages, options, cancellationToken); })
            .Build();
        var message = new ChatMessage(ChatRole.User, "Pick a random number, uniformly distributed between 1 and 1000000");

        string first = string.Concat((await ToListAsync(client.GetStreamingResponseAsync([message], cancellationToken: Token))).Select(u => u.Text));
        for (int i = 0; i < 3; i++)
        {
            string again = string.Concat((await ToListAsync(client.GetStreamingResponseAsync([message], cancellationToken: Token))).Select(u => u.Text));
            Assert.Equal(first, again);
        }

        Assert.Equal(1, calls);
        Assert.False(string.IsNullOrWhiteSpace(first));
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Caching_BeforeFunctionInvocation_AvoidsExtraCalls()
    {
        int functionCalls = 0;
        int modelCalls = 0;
        AIFunction getTemperature = AIFunctionFactory.Create(() => $"{100 + ++functionCalls} degrees celsius", "GetTemperature", "Gets the current temperature");
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .ConfigureOptions(options => options.Tools = [getTemperature])
            .UseDistributedCache(NewCache())
            .UseFunctionInvocation()
            .Use((messages, options, next, cancellationToken) => { modelCalls++; return next(messages, options, cancellationToken); })
            .Build();
        var message = new ChatMessage(ChatRole.User, "What is the temperature? Use GetTemperature.");

        ChatResponse first = await client.GetResponseAsync([message], cancellationToken: Token);
        ChatResponse second = await client.GetResponseAsync([message], cancellationToken: Token);

        Assert.Contains("101", first.Text, StringComparison.Ordinal);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(1, functionCalls);
        Assert.Equal(2, modelCalls);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Caching_AfterFunctionInvocation_SameFunctionOutputReusesTheAnswer()
    {
        int functionCalls = 0;
        int modelCalls = 0;
        AIFunction getTemperature = AIFunctionFactory.Create(() => { functionCalls++; return "58 degrees celsius"; }, "GetTemperature", "Gets the current temperature");
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .ConfigureOptions(options => options.Tools = [getTemperature])
            .UseFunctionInvocation()
            .UseDistributedCache(NewCache())
            .Use((messages, options, next, cancellationToken) => { modelCalls++; return next(messages, options, cancellationToken); })
            .Build();
        var message = new ChatMessage(ChatRole.User, "What is the temperature? Use GetTemperature.");

        ChatResponse first = await client.GetResponseAsync([message], cancellationToken: Token);
        Assert.Contains("58", first.Text, StringComparison.Ordinal);
        Assert.Equal(2, modelCalls);

        ChatResponse second = await client.GetResponseAsync([message], cancellationToken: Token);

        Assert.Equal(2, functionCalls);
        Assert.Equal(2, modelCalls);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Caching_AfterFunctionInvocation_ChangedFunctionOutputAsksTheModelAgain()
    {
        int functionCalls = 0;
        int modelCalls = 0;
        AIFunction getTemperature = AIFunctionFactory.Create(() => $"{80 + ++functionCalls} degrees celsius", "GetTemperature", "Gets the current temperature");
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .ConfigureOptions(options => options.Tools = [getTemperature])
            .UseFunctionInvocation()
            .UseDistributedCache(NewCache())
            .Use((messages, options, next, cancellationToken) => { modelCalls++; return next(messages, options, cancellationToken); })
            .Build();
        var message = new ChatMessage(ChatRole.User, "What is the temperature? Use GetTemperature.");

        ChatResponse first = await client.GetResponseAsync([message], cancellationToken: Token);
        ChatResponse second = await client.GetResponseAsync([message], cancellationToken: Token);

        Assert.Contains("81", first.Text, StringComparison.Ordinal);
        Assert.Contains("82", second.Text, StringComparison.Ordinal);
        Assert.Equal(2, functionCalls);
        Assert.Equal(3, modelCalls);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Logging_NonStreaming_LogsTheRequestAndTheResponse()
    {
        var logs = new CapturingLoggerFactory();
        IChatClient client = (await CreateClientAsync()).AsBuilder().UseLogging(logs).Build();

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.User, "Name the biggest animal")], cancellationToken: Token);

        Assert.Contains(logs.Messages, m => m.Contains("Name the biggest animal", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains(JsonSerializer.Serialize(response.Text, AIJsonUtilities.DefaultOptions)[1..^1], StringComparison.Ordinal) && m.Contains("completed", StringComparison.OrdinalIgnoreCase));
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Logging_Streaming_LogsTheRequestAndTheUpdates()
    {
        Assert.SkipUnless(SupportsStreaming, "The backend does not stream.");
        var logs = new CapturingLoggerFactory();
        IChatClient client = (await CreateClientAsync()).AsBuilder().UseLogging(logs).Build();

        List<ChatResponseUpdate> updates = await ToListAsync(client.GetStreamingResponseAsync("Name the biggest animal", cancellationToken: Token));

        Assert.Contains(logs.Messages, m => m.Contains("Name the biggest animal", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains(JsonSerializer.Serialize(updates[0].Text, AIJsonUtilities.DefaultOptions)[1..^1], StringComparison.Ordinal));
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task Logging_FunctionCalls_LogTheCallAndItsResult()
    {
        var logs = new CapturingLoggerFactory();
        IChatClient client = (await CreateClientAsync()).AsBuilder().UseFunctionInvocation().UseLogging(logs).Build();

        await client.GetResponseAsync(
            "Use GetSecretNumber to find the current secret number.",
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "GetSecretNumber")] },
            Token);

        Assert.Contains(logs.Messages, m => m.Contains("Use GetSecretNumber", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("\"name\": \"GetSecretNumber\"", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("\"result\": 42", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task OpenTelemetry_OneCall_EmitsOneSpanWithServerAndTokenCounts()
    {
        string sourceName = Guid.NewGuid().ToString();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        IChatClient client = (await CreateClientAsync()).AsBuilder().UseOpenTelemetry(sourceName: sourceName).Build();

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.User, "Name the biggest animal")], cancellationToken: Token);

        Activity activity = Assert.Single(activities);
        Uri endpoint = client.GetService<ChatClientMetadata>()!.ProviderUri!;
        Assert.StartsWith("chat", activity.DisplayName, StringComparison.Ordinal);
        Assert.Equal(endpoint.Host, activity.GetTagItem("server.address"));
        Assert.Equal(endpoint.Port, activity.GetTagItem("server.port"));
        Assert.Equal((int)response.Usage!.InputTokenCount!.Value, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal((int)response.Usage.OutputTokenCount!.Value, activity.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.NotEqual(0, (int)activity.GetTagItem("gen_ai.usage.input_tokens")!);
        Assert.True(activity.Duration > TimeSpan.Zero);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_Object_IsFilledIn()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<ContractPerson> response = await client.GetResponseAsync<ContractPerson>(
            "Who is described here? Jimbo Smith is a 35-year-old programmer from Cardiff, Wales. FullName: Jimbo Smith, AgeInYears: 35, HomeTown: Cardiff, Job: Programmer",
            cancellationToken: Token);

        Assert.Equal("Jimbo Smith", response.Result.FullName);
        Assert.Equal(35, response.Result.AgeInYears);
        Assert.Contains("Cardiff", response.Result.HomeTown, StringComparison.Ordinal);
        Assert.Equal(ContractJobType.Programmer, response.Result.Job);
        if (Emulator is not null)
        {
            Assert.Equal("json_schema", Emulator.Requests[^1].Json!["responseFormat"]!["type"]!.GetValue<string>());
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_Array_IsFilledIn()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<ContractPerson[]> response = await client.GetResponseAsync<ContractPerson[]>(
            "Who is described here? Jimbo Smith is a 35-year-old software developer from Cardiff, Wales. FullName: Jimbo Smith, AgeInYears: 35",
            cancellationToken: Token);

        Assert.NotEmpty(response.Result);
        Assert.Contains(response.Result, p => p.FullName == "Jimbo Smith" && p.AgeInYears == 35);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_Integer_IsRead()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<int> response = await client.GetResponseAsync<int>(
            "There were 14 abstractions for AI programming, which was too many. To fix this we added another one. How many are there now? (data: 15)",
            cancellationToken: Token);

        Assert.Equal(15, response.Result);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_String_IsRead()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<string> response = await client.GetResponseAsync<string>(
            "The software developer, Jimbo Smith, is a 35-year-old from Cardiff, Wales. What's his full name? (data: Jimbo Smith)",
            cancellationToken: Token);

        Assert.Equal("Jimbo Smith", response.Result);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("Jimbo Smith is a 35-year-old software developer from Cardiff, Wales. Is there at least one software developer from Cardiff? (data: true)", true)]
    [InlineData("Jimbo Smith is a 35-year-old software developer from Cardiff, Wales. Reply true if he is a medical doctor, otherwise false. (data: false)", false)]
    public virtual async Task StructuredOutput_Boolean_IsRead(string prompt, bool expected)
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<bool> response = await client.GetResponseAsync<bool>(prompt, cancellationToken: Token);

        Assert.Equal(expected, response.Result);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_Enum_IsRead()
    {
        IChatClient client = await CreateClientAsync();

        ChatResponse<ContractJobType> response = await client.GetResponseAsync<ContractJobType>(
            "Taylor Swift is a famous singer and songwriter. What is her job? (data: PopStar)", cancellationToken: Token);

        Assert.Equal(ContractJobType.PopStar, response.Result);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_WithFunctions_BuildsTheResultFromTheToolOutput()
    {
        var expected = new ContractPerson { FullName = "Jimbo Smith", AgeInYears = 35, HomeTown = "Cardiff", Job = ContractJobType.Programmer };
        IChatClient client = new ChatClientBuilder(await CreateClientAsync()).UseFunctionInvocation().Build();
        int? askedFor = null;

        ChatResponse<ContractPerson> response = await client.GetResponseAsync<ContractPerson>(
            "Who is the person with personId=123? Use GetPersonById.",
            new ChatOptions { Tools = [AIFunctionFactory.Create((int personId) => { askedFor = personId; return expected; }, "GetPersonById")] },
            cancellationToken: Token);

        Assert.Equal(123, askedFor);
        Assert.NotSame(expected, response.Result);
        Assert.Equal(expected.FullName, response.Result.FullName);
        Assert.Equal(expected.AgeInYears, response.Result.AgeInYears);
        Assert.Equal(expected.HomeTown, response.Result.HomeTown);
        Assert.Equal(expected.Job, response.Result.Job);
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task StructuredOutput_NonNative_UsesJsonModeAndAPromptSchema()
    {
        var captured = new List<ChatOptions?>();
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .Use((messages, options, next, cancellationToken) => { captured.Add(options); return next(messages, options, cancellationToken); })
            .Build();

        ChatResponse<ContractPerson> response = await client.GetResponseAsync<ContractPerson>(
            "Supply an object to represent Jimbo Smith from Cardiff. FullName: Jimbo Smith, HomeTown: Cardiff",
            useJsonSchemaResponseFormat: false,
            cancellationToken: Token);

        Assert.Equal("Jimbo Smith", response.Result.FullName);
        Assert.Contains("Cardiff", response.Result.HomeTown, StringComparison.Ordinal);
        ChatResponseFormatJson format = Assert.IsType<ChatResponseFormatJson>(Assert.Single(captured)!.ResponseFormat);
        Assert.Null(format.Schema);
        if (Emulator is not null)
        {
            Assert.Equal("json_object", Emulator.Requests[^1].Json!["responseFormat"]!["type"]!.GetValue<string>());
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task ChatReducer_MessageCounting_SendsOnlyTheLastMessages()
    {
        IReadOnlyList<ChatMessage>? sent = null;
        IChatClient client = (await CreateClientAsync()).AsBuilder()
            .UseChatReducer(new MessageCountingChatReducer(2))
            .Use((messages, options, next, cancellationToken) => { sent = [.. messages]; return next(messages, options, cancellationToken); })
            .Build();

        ChatResponse response = await client.GetResponseAsync(
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "My name is Alice."),
            new(ChatRole.Assistant, "Hello Alice."),
            new(ChatRole.User, "I like hiking."),
            new(ChatRole.Assistant, "Nice."),
            new(ChatRole.User, "What do I like?"),
        ], cancellationToken: Token);

        Assert.NotNull(sent);
        Assert.Equal(["You are terse.", "Nice.", "What do I like?"], sent.Select(m => m.Text));
        if (Emulator is not null)
        {
            Assert.Equal("You asked: \"What do I like?\"", response.Text);
            Assert.Equal(3, Emulator.Requests[^1].Json!["messages"]!.AsArray().Count);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public virtual async Task ChatReducer_Summarizing_PreservesTheSystemMessageAndTheLastTurns()
    {
        int summarizerCalls = 0;
        IReadOnlyList<ChatMessage>? sent = null;
        IChatClient inner = await CreateClientAsync();
        IChatClient summarizer = inner.AsBuilder()
            .Use((messages, options, next, cancellationToken) => { summarizerCalls++; return next(messages, options, cancellationToken); })
            .Build();
        IChatClient client = inner.AsBuilder()
            .UseChatReducer(new SummarizingChatReducer(summarizer, targetCount: 2, threshold: 0))
            .Use((messages, options, next, cancellationToken) => { sent = [.. messages]; return next(messages, options, cancellationToken); })
            .Build();

        ChatResponse response = await client.GetResponseAsync(
        [
            new(ChatRole.System, "You are a pirate. Always respond in pirate speak."),
            new(ChatRole.User, "Tell me about the weather"),
            new(ChatRole.Assistant, "Ahoy matey! The weather be fine today."),
            new(ChatRole.User, "What about tomorrow?"),
            new(ChatRole.Assistant, "Arr, tomorrow be cloudy."),
            new(ChatRole.User, "Should I bring an umbrella?"),
            new(ChatRole.Assistant, "Aye, ye best be bringin' yer umbrella."),
            new(ChatRole.User, "What's 2 + 2?"),
        ], cancellationToken: Token);

        Assert.Equal(1, summarizerCalls);
        Assert.NotNull(sent);
        Assert.Collection(
            sent,
            m => Assert.Equal("You are a pirate. Always respond in pirate speak.", m.Text),
            m => Assert.Equal(ChatRole.Assistant, m.Role),
            m => Assert.StartsWith("Aye, ye best be bringin'", m.Text, StringComparison.Ordinal),
            m => Assert.Equal("What's 2 + 2?", m.Text));
        if (Emulator is not null)
        {
            Assert.Equal("You asked: \"What's 2 + 2?\"", response.Text);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(response.Text));
        }
    }

    /// <summary>Tool signatures that stress schema generation: nullables, defaults, dates, enums, arrays, data annotations, hand-written MCP schemas.</summary>
    protected static IList<AITool> AwkwardTools(bool strict, ConcurrentDictionary<string, int>? invoked)
    {
        int count = 1;
        AIFunctionFactoryOptions Named()
        {
            var options = new AIFunctionFactoryOptions { Name = $"Method{count++}" };
            if (strict)
            {
                options.AdditionalProperties = new Dictionary<string, object?> { ["strict"] = true };
            }

            return options;
        }

        T Mark<T>(string name, T value)
        {
            invoked?.AddOrUpdate(name, 1, (_, n) => n + 1);
            return value;
        }

        var tools = new List<AITool>
        {
            AIFunctionFactory.Create((int? i) => Mark("Method1", i), Named()),
            AIFunctionFactory.Create((string? s) => Mark("Method2", s), Named()),
            AIFunctionFactory.Create((int? i = null) => Mark("Method3", i), Named()),
            AIFunctionFactory.Create((bool b) => Mark("Method4", b), Named()),
            AIFunctionFactory.Create((double d) => Mark("Method5", d), Named()),
            AIFunctionFactory.Create((decimal d) => Mark("Method6", d), Named()),
            AIFunctionFactory.Create((float f) => Mark("Method7", f), Named()),
            AIFunctionFactory.Create((long l) => Mark("Method8", l), Named()),
            AIFunctionFactory.Create((char c) => Mark("Method9", c), Named()),
            AIFunctionFactory.Create((DateTime dt) => Mark("Method10", dt), Named()),
            AIFunctionFactory.Create((DateTimeOffset? dt) => Mark("Method11", dt), Named()),
            AIFunctionFactory.Create((TimeSpan ts) => Mark("Method12", ts), Named()),
            AIFunctionFactory.Create((DateOnly d) => Mark("Method13", d), Named()),
            AIFunctionFactory.Create((TimeOnly t) => Mark("Method14", t), Named()),
            AIFunctionFactory.Create((Uri uri) => Mark("Method15", uri), Named()),
            AIFunctionFactory.Create((Guid guid) => Mark("Method16", guid), Named()),
            AIFunctionFactory.Create((List<int> list) => Mark("Method17", list), Named()),
            AIFunctionFactory.Create((int[] arr, ContractComplexObject? co) => Mark("Method18", arr), Named()),
            AIFunctionFactory.Create((string p1 = "str", int p2 = 42, BindingFlags p3 = BindingFlags.IgnoreCase, char p4 = 'x') => Mark("Method19", p1), Named()),
            AIFunctionFactory.Create((string? p1 = "str", int? p2 = 42, BindingFlags? p3 = BindingFlags.IgnoreCase, char? p4 = 'x') => Mark("Method20", p1), Named()),
        };

        string[] schemas =
        [
            """{"type":"object","properties":{},"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""",
            """{"type":"object","properties":{"duration":{"type":"number","default":10,"description":"Duration of the operation in seconds"},"steps":{"type":"number","default":5,"description":"Number of steps in the operation"}},"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""",
            """{"type":"object","properties":{"prompt":{"type":"string","description":"The prompt to send to the LLM"},"maxTokens":{"type":"number","default":100,"description":"Maximum number of tokens to generate"}},"required":["prompt"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""",
            """{"type":"object","properties":{"messageType":{"type":"string","enum":["error","success","debug"],"description":"Type of message"},"includeImage":{"type":"boolean","default":false,"description":"Whether to include an example image"}},"required":["messageType"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""",
            """{"type":"object","properties":{"resourceId":{"type":"number","minimum":1,"maximum":100,"description":"ID of the resource to reference (1-100)"}},"required":["resourceId"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""",
            """{"properties":{"body":{"description":"The text of the review comment","type":"string"},"line":{"type":"number"},"owner":{"type":"string"},"path":{"type":"string"},"pullNumber":{"type":"number"},"repo":{"type":"string"},"side":{"enum":["LEFT","RIGHT"],"type":"string"},"subjectType":{"enum":["FILE","LINE"],"type":"string"}},"required":["owner","repo","pullNumber","path","body","subjectType"],"type":"object"}""",
            """{"properties":{"commit_message":{"type":"string"},"commit_title":{"type":"string"},"merge_method":{"enum":["merge","squash","rebase"],"type":"string"},"owner":{"type":"string"},"pullNumber":{"type":"number"},"repo":{"type":"string"}},"required":["owner","repo","pullNumber"],"type":"object"}""",
        ];

        foreach (string schema in schemas)
        {
            var additional = new Dictionary<string, object?>();
            if (strict)
            {
                additional["strict"] = true;
            }

            string name = $"CustomMethod{count++}";
            tools.Add(new ContractSchemaFunction(name, schema, additional, () => Mark(name, "done")));
        }

        return tools;
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static MemoryDistributedCache NewCache() => new(Options.Create(new MemoryDistributedCacheOptions()));
}
