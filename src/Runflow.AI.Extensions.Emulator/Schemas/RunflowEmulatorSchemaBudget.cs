using System.Diagnostics;
using System.Globalization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The bounds on the work the schemas of one request may cost when the model makes instances of them (tool arguments,
/// a response): how deep they nest, how many schema nodes are generated or checked, how large the instances grow and
/// how long it all takes. Without them a
/// request of a few hundred bytes (a <c>$ref</c> to <c>#</c>, <c>minItems: 2000000000</c>) holds a core and grows
/// memory long after its client has left; past any bound the request is answered with HTTP 400.
/// </summary>
/// <remarks>One budget serves one answer, on one thread.</remarks>
internal sealed class RunflowEmulatorSchemaBudget
{
    /// <summary>The deepest nesting of schemas (through properties, items, <c>$ref</c>, anyOf and allOf) followed.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most schema nodes generated or values checked for one answer.</summary>
    public const int MaxSteps = 10_000;

    /// <summary>The most items a generated array has.</summary>
    public const int MaxItems = 100;

    /// <summary>The most properties <c>minProperties</c> may ask of a generated object.</summary>
    public const int MaxProperties = 100;

    /// <summary>The longest string generated.</summary>
    public const int MaxStringLength = 10_000;

    /// <summary>
    /// The most copies of characters and classes, past those the pattern names, that a <c>pattern</c>'s repetitions
    /// write out for sampling: <c>a{1001}</c> and <c>(a{10}){100}</c> are within it, and take Fare about 60 and 12 ms.
    /// </summary>
    public const int MaxPatternCopies = 1_000;

    /// <summary>The largest instances of one answer, counted in characters of their strings, property names and other values.</summary>
    public const int MaxInstanceLength = 1_000_000;

    /// <summary>The longest the instances of one answer may take, pattern matching included.</summary>
    /// <remarks>A backstop for work the counts above do not see: wall-clock time, so it is generous enough that an
    /// ordinary schema on a busy machine never reaches it.</remarks>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(10);

    // A single pattern match never gets more than this, and never more than the time left.
    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly long _started = Stopwatch.GetTimestamp();
    private int _steps;
    private long _length;

    /// <summary>Gets the timeout for one pattern match: what is left of <see cref="MaxDuration"/>, at most 200 ms.</summary>
    /// <exception cref="RunflowEmulatorSchemaLimitException">No time is left.</exception>
    public TimeSpan MatchTimeout
    {
        get
        {
            TimeSpan left = TimeLeft();
            return left < s_matchTimeout ? left : s_matchTimeout;
        }
    }

    /// <summary>Counts one node generated at <paramref name="depth"/>.</summary>
    /// <param name="depth">How deep the node is nested.</param>
    /// <exception cref="RunflowEmulatorSchemaLimitException">A bound is passed.</exception>
    public void Generating(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"is recursive or nested beyond {MaxDepth} levels"));
        }

        Step();
    }

    /// <summary>Counts one step: a value checked against a schema, or two values compared.</summary>
    /// <exception cref="RunflowEmulatorSchemaLimitException">A bound is passed.</exception>
    public void Step()
    {
        if (++_steps > MaxSteps)
        {
            throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"needs more than {MaxSteps} steps to generate or check an instance"));
        }

        TimeLeft();
    }

    /// <summary>Counts characters added to the instance.</summary>
    /// <param name="length">The number of characters.</param>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The instance grows past <see cref="MaxInstanceLength"/>.</exception>
    public void Add(long length)
    {
        _length += length;
        if (_length > MaxInstanceLength)
        {
            throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"makes an instance of more than {MaxInstanceLength} characters"));
        }
    }

    /// <summary>Refuses a schema keyword that asks for more than the emulator generates.</summary>
    /// <param name="keyword">The keyword, such as <c>minItems</c>.</param>
    /// <param name="value">What it asks for.</param>
    /// <param name="cap">The most the emulator generates.</param>
    /// <param name="unit">What is counted, such as <c>items</c>.</param>
    /// <exception cref="RunflowEmulatorSchemaLimitException"><paramref name="value"/> is over <paramref name="cap"/>.</exception>
    public static void Demand(string keyword, double value, int cap, string unit)
    {
        if (value > cap)
        {
            throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"asks for {keyword} {value}; the emulator generates at most {cap} {unit}"));
        }
    }

    private TimeSpan TimeLeft()
    {
        TimeSpan left = MaxDuration - Stopwatch.GetElapsedTime(_started);
        if (left <= TimeSpan.Zero)
        {
            throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"takes longer than {MaxDuration.TotalSeconds} s to generate or check an instance"));
        }

        return left;
    }
}
