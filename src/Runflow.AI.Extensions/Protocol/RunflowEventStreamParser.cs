using System.Text;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Splits <c>text/event-stream</c> text, fed in arbitrary pieces, into the data of each event.</summary>
internal sealed class RunflowEventStreamParser
{
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _data = new();
    private bool _hasData;

    /// <summary>Adds text and collects the data of every event it completes.</summary>
    public void Feed(ReadOnlySpan<char> text, List<string> events)
    {
        while (!text.IsEmpty)
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
    public void Complete(List<string> events)
    {
        if (_line.Length > 0)
        {
            EndLine(events);
        }

        Dispatch(events);
    }

    private void EndLine(List<string> events)
    {
        if (_line.Length == 0)
        {
            Dispatch(events);
            return;
        }

        var line = _line.ToString();
        _line.Clear();
        if (!line.StartsWith("data:", StringComparison.Ordinal))
        {
            return;
        }

        var value = line.AsSpan(5);
        if (!value.IsEmpty && value[0] == ' ')
        {
            value = value[1..];
        }

        if (_hasData)
        {
            _data.Append('\n');
        }

        _data.Append(value);
        _hasData = true;
    }

    private void Dispatch(List<string> events)
    {
        if (_hasData)
        {
            events.Add(_data.ToString());
            _data.Clear();
            _hasData = false;
        }
    }
}
