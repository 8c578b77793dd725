using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// Tallies the runtime's allocation samples (<c>GCAllocationTick</c>, one about every 100 KB) by type, so a load run can
/// say where its bytes go. The samples are statistical: a type's share is right over many calls, not for one.
/// </summary>
internal sealed class AllocationTally : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new();

    /// <summary>Gets the sampled bytes per type name.</summary>
    public IReadOnlyDictionary<string, long> Bytes => _bytes;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var typeName = eventData.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? eventData.Payload[t] as string : null;
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytes.AddOrUpdate(typeName ?? "?", amount, (_, sum) => sum + amount);
    }
}
