using System.Text;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The one-time correctness checks a <c>[GlobalSetup]</c> runs, so a broken row fails instead of looking fast.</summary>
internal static class BenchmarkCheck
{
    /// <summary>Throws unless <paramref name="actual"/> is the canned reply text.</summary>
    public static void Text(string row, string? actual)
    {
        if (actual != CannedReplies.Text)
        {
            throw new InvalidOperationException($"{row}: the reply text was '{actual}', not the canned text.");
        }
    }

    /// <summary>Throws unless a client's non-streaming reply carries the canned text.</summary>
    public static void Response(string row, IChatClient client, ChatOptions options)
    {
        var response = client.GetResponseAsync(BenchmarkConversation.Messages, options).GetAwaiter().GetResult();
        Text(row, response.Messages[^1].Text);
    }

    /// <summary>Throws unless a client's stream carries the canned text in <see cref="CannedReplies.ChunkCount"/> text updates.</summary>
    public static void Stream(string row, IChatClient client, ChatOptions options)
    {
        var updates = client.GetStreamingResponseAsync(BenchmarkConversation.Messages, options).ToListAsync().AsTask().GetAwaiter().GetResult();
        Text(row, updates.ToChatResponse().Text);
        var pieces = updates.Count(update => update.Text.Length > 0);
        if (pieces != CannedReplies.ChunkCount)
        {
            throw new InvalidOperationException($"{row}: the text came in {pieces} updates, not {CannedReplies.ChunkCount}.");
        }
    }

    /// <summary>Throws unless the raw floor's POST returns exactly <paramref name="expected"/>.</summary>
    public static void Raw(string row, HttpClient client, Uri uri, byte[] body, byte[] expected)
    {
        using var reply = new MemoryStream();
        BenchmarkHttp.PostAsync(client, uri, body, reply).GetAwaiter().GetResult();
        if (!reply.ToArray().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{row}: the reply was '{Encoding.UTF8.GetString(reply.ToArray())}', not '{Encoding.UTF8.GetString(expected)}'.");
        }
    }
}
