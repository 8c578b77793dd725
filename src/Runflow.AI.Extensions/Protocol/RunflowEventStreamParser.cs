using System.Text;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Splits <c>text/event-stream</c> text, fed in arbitrary pieces, into its events.</summary>
/// <remarks>An event is bounded: a line, or the <c>data:</c> lines of one event together, longer than the limit fails
/// the stream, so an endless line cannot take the caller's memory.</remarks>
internal sealed class RunflowEventStreamParser(int maxEventSize)
{
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _data = new();
    private string? _type;
    private bool _hasData;

    /// <summary>Gets a value indicating whether the text fed so far holds more of one event than the limit allows.</summary>
    public bool IsOverLimit => _line.Length + _data.Length > maxEventSize;

    /// <summary>Adds text and collects every event it completes.</summary>
    public void Feed(ReadOnlySpan<char> text, List<RunflowServerSentEvent> events)
    {
        while (!text.IsEmpty && !IsOverLimit)
        {
            var end = text.IndexOf('\n');
            if (end < 0)
            {
                _line.Append(text);
                return;
            }

            _line.Append(text[..end]);
            text = text[(end + 1)..];
            if (_line.Length > 0 && _line[^1] == '\r')
            {
                _line.Length--;
            }

            EndLine(events);
        }
    }

    /// <summary>Ends the stream: an event without its closing blank line still counts.</summary>
    public void Complete(List<RunflowServerSentEvent> events)
    {
        if (_line.Length > 0)
        {
            EndLine(events);
        }

        Dispatch(events);
    }

    private void EndLine(List<RunflowServerSentEvent> events)
    {
        if (_line.Length == 0)
        {
            Dispatch(events);
            return;
        }

        var line = _line.ToString();
        _line.Clear();
        if (Field(line, "event") is { } type)
        {
            _type = type.ToString();
            return;
        }

        if (Field(line, "data") is not { } value)
        {
            return;
        }

        if (_hasData)
        {
            _data.Append('\n');
        }

        _data.Append(value);
        _hasData = true;
    }

    private void Dispatch(List<RunflowServerSentEvent> events)
    {
        if (_hasData)
        {
            events.Add(new RunflowServerSentEvent(_type, _data.ToString()));
            _data.Clear();
            _hasData = false;
        }

        _type = null;
    }

    /// <summary>The value of a <c>name: value</c> line, without the one space that may follow the colon.</summary>
    private static ReadOnlyMemory<char>? Field(string line, string name)
    {
        if (line.Length <= name.Length || line[name.Length] != ':' || !line.StartsWith(name, StringComparison.Ordinal))
        {
            return null;
        }

        var value = line.AsMemory(name.Length + 1);
        return !value.IsEmpty && value.Span[0] == ' ' ? value[1..] : value;
    }
}
