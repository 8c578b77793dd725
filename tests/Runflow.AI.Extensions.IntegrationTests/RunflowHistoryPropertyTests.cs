using FsCheck;
using FsCheck.Fluent;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>
/// Any Microsoft.Extensions.AI history with something to carry becomes a request the emulator, which validates like
/// Runflow, accepts. (A history of nothing but reasoning fails before sending, as a unit test shows.)
/// </summary>
public sealed class RunflowHistoryPropertyTests
{
    private static readonly ChatRole[] Roles = [ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool];

    private static Gen<string> Text =>
        ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? string.Empty);

    private static Gen<object?> ArgumentValue => Gen.OneOf(
        Gen.Constant<object?>(null),
        ArbMap.Default.ArbFor<int>().Generator.Select(i => (object?)i),
        ArbMap.Default.ArbFor<bool>().Generator.Select(b => (object?)b),
        Text.Select(t => (object?)t),
        Text.ListOf().Select(items => (object?)items.ToArray()));

    private static Gen<AIContent> Content => Gen.OneOf(
        Text.Select(t => (AIContent)new TextContent(t)),
        Gen.Zip(Gen.Elements("get_weather", "add", "search_docs"), Gen.Zip(Text, ArgumentValue).ListOf())
            .Select(call => (AIContent)new FunctionCallContent(
                "call_" + Guid.NewGuid().ToString("N")[..8],
                call.Item1,
                call.Item2.DistinctBy(a => a.Item1).ToDictionary(a => a.Item1, a => a.Item2))),
        Gen.Zip(Text, ArgumentValue).Select(result => (AIContent)new FunctionResultContent("call_" + result.Item1.GetHashCode().ToString("x8"), result.Item2)),
        Text.Select(t => (AIContent)new FunctionResultContent("call_err", null) { Exception = new InvalidOperationException(t) }),
        Text.Select(t => (AIContent)new TextReasoningContent(t)));

    private static Gen<ChatMessage> Message =>
        Gen.Zip(Gen.Zip(Gen.Elements(Roles), Content.ListOf()), Gen.Elements<string?>(null, "ana", "bot_1"))
            .Select(m => new ChatMessage(m.Item1.Item1, [.. m.Item1.Item2]) { AuthorName = m.Item2 });

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task AnyHistory_IsAcceptedByTheEmulator()
    {
        await using var session = await EmulatorSession.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var histories = Gen.Zip(Message.ListOf(), Text)
            .Select(h => h.Item1.Append(new ChatMessage(ChatRole.User, h.Item2)).ToList());

        Prop.ForAll(histories.ToArbitrary(), history =>
        {
            var response = session.Client.GetResponseAsync(history).GetAwaiter().GetResult();
            return response.Messages.Count == 1;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));

        Assert.All(session.Emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.True(session.Emulator.Requests.Count >= 200);
    }
}
