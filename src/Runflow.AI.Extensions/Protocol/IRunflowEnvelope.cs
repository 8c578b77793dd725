using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A response body that is either the answer itself or the answer wrapped as <c>{ "success": true, "data": { … } }</c>,
/// with <c>{ "success": false, "error": … }</c> for a failure reported under a success status.
/// </summary>
/// <typeparam name="TSelf">The response type, which is also the type of the wrapped answer.</typeparam>
internal interface IRunflowEnvelope<TSelf>
    where TSelf : class, IRunflowEnvelope<TSelf>
{
    bool? Success { get; }

    /// <summary>The wrapped answer when the body is an envelope.</summary>
    TSelf? Data { get; }

    /// <summary>An error text or object; a string, <c>{ "message": … }</c> or anything else.</summary>
    JsonElement? Error { get; }

    string? Message { get; }
}
