using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>Patterns are sampled by Fare after translation, deterministically and within the schema budget.</summary>
public sealed class RunflowEmulatorPatternSamplerTests
{
    public static TheoryData<string> OrdinaryPatterns =>
    [
        @"^[A-Z]{3}-\d{4}$",
        @"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$",
        @"^(red|green|blue)$",
        @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$",
        @"^\w+\s\w+$",
        @"^[^@\s]+@[^@\s]+$",
        @"^(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}$",
        @"^(?<year>\d{4})-(?<month>0[1-9]|1[0-2])$",
        @"^\D\W\S.$",
        @"v\d+",
        @"^a{1001}$",
        @"^(a{10}){100}$",
        @"^x{2,9999}$",
        @"^[ab]*a[ab]{14}$",
        @"^([ab]?){14}a[ab]{14}$",
        @"^$",
    ];

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(OrdinaryPatterns))]
    public async Task Sample_OrdinaryPattern_MatchesAndIsTheSameEveryTime(string pattern)
    {
        string? first = await Task.Run(() => RunflowEmulatorPatternSampler.Sample(pattern, "code"), TestContext.Current.CancellationToken);
        string? second = RunflowEmulatorPatternSampler.Sample(pattern, "code");

        Assert.NotNull(first);
        Assert.Matches(new Regex(pattern, RegexOptions.CultureInvariant), first);
        Assert.Equal(first, second);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Chat_ResponseSchemaWithPatterns_AnswersTheSameMatchingStringsEveryTime()
    {
        const string Schema = """{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{3}-\\d{4}$"},"mail":{"type":"string","pattern":"^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$"},"colour":{"type":"string","pattern":"^(red|green|blue)$"}},"required":["code","mail","colour"]}""";
        await using var first = await EmulatorHarness.StartAsync();
        await using var second = await EmulatorHarness.StartAsync();

        JsonObject one = await first.ChatAsync(RunflowEmulatorSchemaBoundsTests.WithResponseSchema(Schema));
        JsonObject again = await first.ChatAsync(RunflowEmulatorSchemaBoundsTests.WithResponseSchema(Schema));
        JsonObject other = await second.ChatAsync(RunflowEmulatorSchemaBoundsTests.WithResponseSchema(Schema));

        string text = one["text"]!.GetValue<string>();
        SchemaCheck.AssertValid(text, Schema);
        Assert.Equal("""{"code":"ONM-4005","mail":"_f@98.ud","colour":"blue"}""", text);
        Assert.Equal(text, again["text"]!.GetValue<string>());
        Assert.Equal(text, other["text"]!.GetValue<string>());
    }

    [Fact]
    public void Sample_SamePatternForAnotherProperty_IsSeededByTheProperty()
    {
        string[] samples = [.. new[] { "a", "b", "c", "d" }.Select(p => RunflowEmulatorPatternSampler.Sample(@"^[A-Z]{8}$", p)!)];

        Assert.All(samples, s => Assert.Matches(@"^[A-Z]{8}$", s));
        Assert.Equal(4, samples.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(@"^(?=.*\d)\w+$")]
    [InlineData(@"^(a)\1$")]
    [InlineData(@"^\bword\b$")]
    [InlineData(@"^(?i)abc$")]
    [InlineData(@"^[a-z-[aeiou]]+$")]
    [InlineData(@"^\p{L}+$")]
    [InlineData(@"^([ab]|[ab][ab]){14}$")]
    public void Sample_PatternWithoutAFareForm_IsNotSampled(string pattern)
    {
        Assert.Null(RunflowEmulatorPatternSampler.Sample(pattern, "code"));
    }

    [Theory]
    [InlineData(@"^a{1002}$")]
    [InlineData(@"^a{10000}$")]
    [InlineData(@"^a{2000000000}$")]
    [InlineData(@"^(?:(?:a{100}){100}){100}$")]
    [InlineData(@"^[a-z]{600}-[a-z]{600}$")]
    public void Sample_PatternWritingOutTooManyCopies_IsRefused(string pattern)
    {
        var e = Assert.Throws<RunflowEmulatorSchemaLimitException>(() => RunflowEmulatorPatternSampler.Sample(pattern, "code"));

        Assert.Equal("asks with a pattern whose repetitions write out more than the 1000 copies the emulator samples", e.Reason);
    }
}
