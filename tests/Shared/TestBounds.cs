namespace Runflow.AI.Extensions.Testing;

/// <summary>The bounds every test that touches time, threads or the network runs within, so a hang is a named failure.</summary>
internal static class TestBounds
{
    /// <summary>The timeout of a whole test, in milliseconds (<c>[Fact(Timeout = TestBounds.Test)]</c>).</summary>
    /// <remarks>A test here takes well under a second; the margin covers a loaded two-core machine running several
    /// test processes at once.</remarks>
    public const int Test = 30_000;

    /// <summary>The timeout of a soak or property test that makes thousands of calls, in milliseconds.</summary>
    public const int LongTest = 120_000;

    /// <summary>How long a test waits for one event it expects (a timer scheduled, a line logged) before failing.</summary>
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(10);
}
