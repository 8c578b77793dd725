using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// An in-process Kestrel on a free loopback port, started once and shared by every benchmark, answering with the
/// <see cref="CannedReplies"/> in Runflow's and OpenAI's shapes; or the same stub serving in a process of its own
/// (<c>-- stub &lt;port&gt;</c>), named by <see cref="AddressVariable"/>.
/// </summary>
/// <remarks>
/// <para>In one process the stub shares the client's thread pool: a call's client work then also decides whether the
/// stub's next work item finds a thread still spinning or has to wake one, which a remote gateway never does. With the
/// stub in its own process the rows count the client's CPU and allocations alone. The paced streaming rows always use
/// the in-process stub, since their pacing (<see cref="StreamPacer"/>) watches the client's connections.</para>
/// <para>Paths under <c>/first/</c> stream the first piece of a reply alone and the rest together a millisecond later,
/// for the time to the first update: a reader that stops after the first piece leaves one write to drain.</para>
/// <para>Paths under <c>/tools/</c> play a model that calls <c>get_weather</c> until the request carries a tool result
/// (<c>tool_call_id</c>) and answers with text after that; only the function-invocation rows use them.</para>
/// <para>Every reply is written from bytes encoded in advance, so the server's share of each row is small and the same
/// for every row of one wire format.</para>
/// </remarks>
internal static class BenchmarkStub
{
    private const string JsonType = "application/json";
    private const string TextType = "text/plain; charset=utf-8";
    private const string EventStreamType = "text/event-stream";
    private const string ToolsPrefix = "/tools";
    private const string FirstPiecePrefix = "/first";

    /// <summary>How long after the first piece of a <c>/first/</c> reply the rest follows.</summary>
    private static readonly TimeSpan FirstPieceGap = TimeSpan.FromMilliseconds(1);

    /// <summary>The environment variable naming the base address of a stub serving in another process.</summary>
    public const string AddressVariable = "RUNFLOW_BENCHMARK_STUB";

    private static readonly Lazy<Uri> Local = new(() => Start(port: 0));

    private static readonly Lazy<Uri> Address = new(() => Remote is { } remote ? new Uri(remote.TrimEnd('/') + "/") : Local.Value);

    private static readonly Lazy<Uri> Chat = new(() => new Uri(Endpoint, RunflowClientOptions.DefaultChatPath));

    /// <summary>Gets whether the stub serves in this process, so that process-wide counts include its share.</summary>
    public static bool InProcess => Remote is null;

    /// <summary>Gets the stub's base address, ending in <c>/</c>: the other process's when <see cref="AddressVariable"/>
    /// names one, else this process's.</summary>
    public static Uri Endpoint => Address.Value;

    /// <summary>Gets the in-process stub's base address, for the streamed rows.</summary>
    public static Uri LocalEndpoint => Local.Value;

    /// <summary>Gets the base address whose streamed replies send their first piece alone, then the rest together.</summary>
    public static Uri FirstPieceEndpoint => new(Endpoint, "first/");

    /// <summary>Gets the base address whose endpoints play a tool-calling model.</summary>
    public static Uri ToolEndpoint => new(Endpoint, "tools/");

    /// <summary>Gets Runflow's chat-completion address: one instance, parsed once, since the floor's rows send to it on
    /// every call and parsing a <see cref="Uri"/> costs them about half a microsecond each time.</summary>
    public static Uri RunflowChat => Chat.Value;

    /// <summary>Gets Runflow's chat-completion address under <see cref="ToolEndpoint"/>.</summary>
    public static Uri RunflowToolChat => new(ToolEndpoint, RunflowClientOptions.DefaultChatPath);

    /// <summary>Gets the path, relative to <see cref="Endpoint"/>, that answers with <paramref name="count"/> embeddings.</summary>
    public static string EmbeddingsPath(int count) => EmbeddingsPrefix[1..] + count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets the base address, for OpenAI's client, whose <c>embeddings</c> endpoint answers with <paramref name="count"/> embeddings.</summary>
    public static Uri OpenAIEmbeddings(int count) => new(Endpoint, $"{OpenAIEmbeddingsPrefix[1..]}{count}/v1");

    /// <summary>Embeddings requests go to <c>/embeddings/{count}</c>, which answers with <c>count</c> canned vectors.</summary>
    private const string EmbeddingsPrefix = "/embeddings/";

    /// <summary>OpenAI's client posts to <c>/openai/{count}/v1/embeddings</c>; the answer is the same.</summary>
    private const string OpenAIEmbeddingsPrefix = "/openai/";

    private static WebApplication? App { get; set; }

    private static string? Remote => Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } remote ? remote : null;

    /// <summary>Serves the stub on a loopback port until the process is interrupted or terminated.</summary>
    /// <param name="port">The port; 0 for any free one.</param>
    public static async Task ServeAsync(int port)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        Console.WriteLine($"The benchmark stub is serving at {Start(port)}; set {AddressVariable} to that address in the benchmarks' process. Ctrl+C stops it.");
        await stopped.Task.ConfigureAwait(false);
        await App!.StopAsync().ConfigureAwait(false);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    private static Uri Start(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        App = app;

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address.TrimEnd('/') + "/");
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var (hasToolResult, wantsStream) = await ReadBodyAsync(context.Request.BodyReader).ConfigureAwait(false);
        var response = context.Response;
        var path = context.Request.Path.Value.AsSpan();
        var tools = path.StartsWith(ToolsPrefix + "/", StringComparison.Ordinal);
        if (tools)
        {
            path = path[ToolsPrefix.Length..];
        }

        var firstPiece = path.StartsWith(FirstPiecePrefix + "/", StringComparison.Ordinal);
        if (firstPiece)
        {
            path = path[FirstPiecePrefix.Length..];
        }

        var callsTool = tools && !hasToolResult;
        if (path.StartsWith(EmbeddingsPrefix, StringComparison.Ordinal) && int.TryParse(path[EmbeddingsPrefix.Length..], out var count))
        {
            await WriteAsync(response, JsonType, CannedReplies.Embeddings(count)).ConfigureAwait(false);
        }
        else if (path.StartsWith(OpenAIEmbeddingsPrefix, StringComparison.Ordinal) && path.EndsWith("/v1/embeddings", StringComparison.Ordinal)
            && int.TryParse(path[OpenAIEmbeddingsPrefix.Length..^"/v1/embeddings".Length], out var openAICount))
        {
            await WriteAsync(response, JsonType, CannedReplies.Embeddings(openAICount)).ConfigureAwait(false);
        }
        else if (path.SequenceEqual("/" + RunflowClientOptions.DefaultChatPath))
        {
            await WriteAsync(response, JsonType, callsTool ? CannedReplies.RunflowToolCall : CannedReplies.RunflowText).ConfigureAwait(false);
        }
        else if (path.SequenceEqual("/" + RunflowClientOptions.DefaultStreamPath))
        {
            await StreamAsync(context, TextType, CannedReplies.RunflowStreamChunks, firstPiece).ConfigureAwait(false);
        }
        else if (path.SequenceEqual("/v1/chat/completions"))
        {
            await (wantsStream
                ? StreamAsync(context, EventStreamType, CannedReplies.OpenAIStreamEvents, firstPiece)
                : WriteAsync(response, JsonType, callsTool ? CannedReplies.OpenAIToolCall : CannedReplies.OpenAIText)).ConfigureAwait(false);
        }
        else
        {
            response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static Task WriteAsync(HttpResponse response, string contentType, byte[] body)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Writes and flushes each piece; to a paced client, each after the client received the one before; with
    /// <paramref name="firstPieceAlone"/>, the first piece, then, <see cref="FirstPieceGap"/> later, all the others at once.</summary>
    private static async Task StreamAsync(HttpContext context, string contentType, byte[][] pieces, bool firstPieceAlone)
    {
        var response = context.Response;
        response.ContentType = contentType;
        if (firstPieceAlone)
        {
            await response.Body.WriteAsync(pieces[0]).ConfigureAwait(false);
            await response.Body.FlushAsync().ConfigureAwait(false);
            await Task.Delay(FirstPieceGap).ConfigureAwait(false);
            foreach (var piece in pieces.Skip(1))
            {
                await response.Body.WriteAsync(piece).ConfigureAwait(false);
            }

            return;
        }

        var pacer = StreamPacer.Find(context.Connection.RemotePort);
        pacer?.Reset();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0 && pacer is not null)
            {
                await pacer.WaitAsync().ConfigureAwait(false);
            }

            await response.Body.WriteAsync(pieces[i]).ConfigureAwait(false);
            await response.Body.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the whole request body and notes the two things a reply depends on.</summary>
    private static async Task<(bool HasToolResult, bool WantsStream)> ReadBodyAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            if (result.IsCompleted)
            {
                var found = Scan(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                return found;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static (bool HasToolResult, bool WantsStream) Scan(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Scan(body.FirstSpan);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(copy);
            return Scan(copy.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static (bool HasToolResult, bool WantsStream) Scan(ReadOnlySpan<byte> body) =>
        (body.IndexOf("\"tool_call_id\""u8) >= 0, body.IndexOf("\"stream\":true"u8) >= 0);
}
