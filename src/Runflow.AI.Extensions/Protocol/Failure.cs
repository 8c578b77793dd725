namespace Runflow.AI.Extensions.Protocol;

/// <summary>How a call to Runflow failed, as far as the transport can tell.</summary>
internal enum Failure
{
    /// <summary>Not a transport failure: the exception goes out as it is.</summary>
    None,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>The network timeout or the stream idle timeout ran out.</summary>
    TimedOut,

    /// <summary>The connection failed or broke.</summary>
    Transport,

    /// <summary>The client was disposed while the call was in flight.</summary>
    Disposed,
}
