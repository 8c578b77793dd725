using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Runflow.AI.Extensions.Protocol;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests.Protocol;

public sealed class RunflowTextStreamReaderTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static string ReadAll(byte[][] chunks)
    {
        using var reader = new RunflowTextStreamReader(new ScriptedStream(chunks));
        var text = new StringBuilder();
        while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } piece)
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    private static byte[][] Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var points = cuts.Select(c => Math.Abs(c % (bytes.Length + 1))).Append(0).Append(bytes.Length).Distinct().Order().ToList();
        return [.. points.Zip(points.Skip(1), (start, end) => bytes[start..end])];
    }

    [Fact]
    public void ReadAsync_AnyUnicodeTextSplitAnywhere_ReturnsExactlyTheText()
    {
        // Strings of arbitrary code points, surrogate pairs included; lone surrogates are not valid UTF-8 text.
        var texts = ArbMap.Default.ArbFor<string>().Generator
            .Select(s => s ?? string.Empty)
            .Select(s => new string(s.Where(c => !char.IsSurrogate(c)).ToArray()) + "é€😀𝄞中");
        var cuts = ArbMap.Default.ArbFor<int[]>().Generator;

        Prop.ForAll(Gen.Zip(texts, cuts).ToArbitrary(), input =>
        {
            var (text, splits) = input;
            return ReadAll(Split(Encoding.UTF8.GetBytes(text), splits)) == text;
        }).Check(Runs);
    }

    [Fact]
    public void ReadAsync_OneByteAtATime_ReturnsExactlyTheText()
    {
        const string text = "a é € 😀 𝄞 中文 — end";
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(text, ReadAll([.. bytes.Select(b => new[] { b })]));
    }

    [Fact]
    public void ReadAsync_TruncatedCharacterAtTheEnd_BecomesAReplacementCharacter()
    {
        var bytes = Encoding.UTF8.GetBytes("ok😀")[..^1];

        Assert.Equal("ok\uFFFD", ReadAll([bytes]));
    }
}
