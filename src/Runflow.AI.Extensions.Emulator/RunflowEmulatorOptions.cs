using Microsoft.Extensions.Logging;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Settings of a <see cref="RunflowEmulator"/>: which keys it accepts, where it listens, the paths of its endpoints, how
/// it streams, how it answers embeddings and how often it fails on purpose.
/// </summary>
/// <remarks>Changes made after <see cref="RunflowEmulator.StartAsync(CancellationToken)"/> are not guaranteed to be seen.</remarks>
public sealed class RunflowEmulatorOptions
{
    /// <summary>Gets the API keys the emulator accepts in <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
    /// <value>The default is an empty collection, which accepts any non-empty key.</value>
    public ICollection<string> ApiKeys { get; } = new List<string>();

    /// <summary>Gets or sets the TCP port to listen on, on 127.0.0.1.</summary>
    /// <value>The default is 0: the operating system picks a free port, read it from <see cref="RunflowEmulator.Endpoint"/>.</value>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the emulator runs in process, on ASP.NET Core's <c>TestServer</c>, instead
    /// of listening on 127.0.0.1: clients reach it through <see cref="RunflowEmulator.CreateHandler"/>, with no port, no
    /// socket and nothing another process can reach. <see cref="Port"/> is then ignored.
    /// </summary>
    /// <value>The default is <see langword="false"/>: Kestrel on 127.0.0.1.</value>
    public bool InProcess { get; set; }

    /// <summary>Gets or sets the path of the chat-completion endpoint, relative to the root.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/chat</c>.</value>
    public string ChatPath { get; set; } = "api/v1/runtime/v1/chat";

    /// <summary>Gets or sets the path of the streaming endpoint, relative to the root.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/chat/stream</c>.</value>
    public string StreamPath { get; set; } = "api/v1/runtime/v1/chat/stream";

    /// <summary>Gets or sets the path of the embeddings endpoint, relative to the root.</summary>
    /// <value>The default is <c>api/v1/runtime/v1/embeddings</c>.</value>
    public string EmbeddingsPath { get; set; } = "api/v1/runtime/v1/embeddings";

    /// <summary>
    /// Gets or sets the path of the tenant-discovery endpoint, relative to the root: it answers
    /// <c>{ "apiKey": "…" }</c> with the key's tenant, <c>tenant-</c> and 8 hex digits of the key's SHA-256
    /// (<see cref="RunflowEmulator.TenantIdFor(string)"/>).
    /// </summary>
    /// <value>The default is <c>api/v1/runtime/auth/discover</c>.</value>
    public string DiscoverPath { get; set; } = "api/v1/runtime/auth/discover";

    /// <summary>
    /// Gets or sets the path of the file-upload endpoint, relative to the root: <c>multipart/form-data</c> with a
    /// <c>file</c> part, kept in memory by the emulator (at most 100 files and 64 MiB in all, the oldest forgotten first).
    /// </summary>
    /// <value>The default is <c>api/v1/runtime/v1/files</c>.</value>
    public string FilesPath { get; set; } = "api/v1/runtime/v1/files";

    /// <summary>
    /// Gets or sets the path of the image-generation endpoint, relative to the root: it answers real PNG images, a
    /// sixteenth of the requested size on each side, whose pixels depend on the prompt alone.
    /// </summary>
    /// <value>The default is <c>api/v1/runtime/v1/images/generate</c>.</value>
    public string ImagesPath { get; set; } = "api/v1/runtime/v1/images/generate";

    /// <summary>
    /// Gets or sets the path of the memory endpoints, relative to the root: GET and PUT of <c>{path}/{memoryId}</c>, and POST
    /// of its <c>append</c>, <c>search</c> (by word overlap) and <c>summarize</c> (one deterministic sentence). Memories
    /// belong to the request's <c>x-runflow-tenant-id</c>, or without one to its API key's tenant; the emulator keeps at
    /// most 1,000 memories, 1,000 messages in each and 16 MiB in all, the least recently used forgotten first. These
    /// endpoints answer from the store alone: queued replies and random faults are left for the model endpoints.
    /// </summary>
    /// <value>The default is <c>api/v1/runtime/v1/memory</c>.</value>
    public string MemoryPath { get; set; } = "api/v1/runtime/v1/memory";

    /// <summary>
    /// Gets or sets a file that keeps the memories across runs: read when the emulator first starts, written after every
    /// change, so a second process started on the same file sees the conversations of the first.
    /// </summary>
    /// <value>The default is <see langword="null"/>: memories live as long as the emulator instance.</value>
    public string? MemoryStorePath { get; set; }

    /// <summary>
    /// Gets or sets the base URL of an OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp's server, OpenAI
    /// itself), such as <c>http://localhost:11434/v1/</c>, that answers the chat, streaming and embeddings endpoints in
    /// place of the emulator's deterministic models: gateway mode. Each request still passes the emulator's schema,
    /// key and tenant checks, is recorded, and can get a queued reply or a drawn fault; only the model's answer comes
    /// from the upstream, through its Chat Completions and Embeddings endpoints, translated to Runflow's shapes.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the emulator's own models answer.</value>
    public Uri? Upstream { get; set; }

    /// <summary>Gets or sets the key sent to <see cref="Upstream"/> as <c>Authorization: Bearer</c>; never logged, recorded or echoed.</summary>
    /// <value>The default is <see langword="null"/>: no <c>Authorization</c> header, as local servers need none.</value>
    public string? UpstreamApiKey { get; set; }

    /// <summary>
    /// Gets the model names replaced on the way to <see cref="Upstream"/>, such as <c>gpt-4o</c> → <c>llama3.2</c>, so
    /// code written for Runflow's models runs unchanged against a local one. A name not in the map is sent as it is.
    /// </summary>
    /// <value>The default is an empty map.</value>
    public IDictionary<string, string> UpstreamModelMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets how long the emulator waits for <see cref="Upstream"/>: for its answer's headers, and then for each
    /// read of its body. A wait that runs out is answered with HTTP 504.
    /// </summary>
    /// <value>The default is 100 seconds, time for a local server to load a model on its first request.</value>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Gets or sets a value indicating whether the embeddings endpoint answers HTTP 400 to a request without a
    /// non-blank <c>x-runflow-tenant-id</c> header, as Runflow's documentation says the service does.
    /// </summary>
    /// <value>The default is <see langword="true"/>. The chat endpoints never require the header.</value>
    public bool RequireTenantForEmbeddings { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the embeddings endpoint wraps its body as
    /// <c>{ "success": true, "data": { … } }</c>, the envelope other Runflow runtime endpoints use, instead of sending
    /// OpenAI's bare <c>{ "object": "list", "data": [ … ], "model", "usage" }</c>.
    /// </summary>
    /// <value>The default is <see langword="false"/>: the bare OpenAI shape.</value>
    public bool EmbeddingsEnvelope { get; set; }

    /// <summary>Gets or sets the size, in UTF-8 bytes, of each chunk the streaming endpoint writes.</summary>
    /// <value>The default is 16.</value>
    public int StreamChunkSize { get; set; } = 16;

    /// <summary>Gets or sets the pause between two chunks of a streamed reply.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: every chunk is still flushed on its own.</value>
    public TimeSpan StreamChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets a value indicating whether a chunk boundary may fall inside a multi-byte UTF-8 character,
    /// as the real service allows.
    /// </summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/>, chunks end on character boundaries.</value>
    public bool AllowSplitInsideCharacter { get; set; } = true;

    /// <summary>Gets or sets the probability, from 0 to 1, that a request without a queued reply gets a fault.</summary>
    /// <value>The default is 0: no random faults.</value>
    public double FaultRate { get; set; }

    /// <summary>Gets the faults to choose from, with equal chance, when <see cref="FaultRate"/> draws one.</summary>
    /// <value>
    /// The default is <see cref="RunflowEmulatorFault.TooManyRequests"/>, <see cref="RunflowEmulatorFault.InternalServerError"/>
    /// and <see cref="RunflowEmulatorFault.ServiceUnavailable"/>: the faults a resilient client retries.
    /// </value>
    public IList<RunflowEmulatorFault> FaultMix { get; } = new List<RunflowEmulatorFault>
    {
        RunflowEmulatorFault.TooManyRequests,
        RunflowEmulatorFault.InternalServerError,
        RunflowEmulatorFault.ServiceUnavailable,
    };

    /// <summary>Gets or sets the seed of the random draws of <see cref="FaultRate"/>, so a run can be repeated.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the value of the <c>Retry-After</c> header of a 429 fault, sent in whole seconds.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a <see cref="RunflowEmulatorFault.SlowFirstByte"/> fault waits before sending headers.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan SlowFirstByteDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the logger factory for the emulator's request log and the web server's own logs, of which only
    /// warnings and errors are passed on: below that they print request lines and refused header lines, which can carry a key.
    /// </summary>
    /// <value>The default is <see langword="null"/>: nothing is logged. API keys are never logged.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Gets or sets how many requests <see cref="RunflowEmulator.Requests"/> keeps: when one more arrives, the oldest
    /// is forgotten, so a long run does not hold every body it was sent.
    /// </summary>
    /// <value>The default is 1,000. 0 keeps none.</value>
    public int MaxRecordedRequests { get; set; } = 1_000;

    /// <summary>
    /// Gets or sets the largest request body, in bytes, the emulator reads. A larger one is answered with HTTP 413
    /// and recorded with an empty <see cref="RunflowEmulatorRequest.Body"/>.
    /// </summary>
    /// <value>The default is 32 MiB (33,554,432 bytes).</value>
    public long MaxRequestBodySize { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether the emulator serves its request inspector: a page at <c>GET /</c> that
    /// lists the latest 200 requests as they arrive, with their status, timing, the scripted reply or fault they got,
    /// and, for each, its headers, body and answer (the API key masked) and the conversation it carried. The
    /// inspector's own requests need no key and are not recorded.
    /// </summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/>, <c>GET /</c> is an unknown path (HTTP 404).</value>
    public bool EnableInspector { get; set; } = true;
}
