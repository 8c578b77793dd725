using System.Globalization;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The conversation memories one emulator keeps, per tenant, in memory and bounded: at most <see cref="MaxSessions"/>
/// memories and <see cref="MaxTotalBytes"/> bytes, the least recently used forgotten first, and at most
/// <see cref="MaxMessagesPerSession"/> messages in each, the oldest dropped first. With
/// <see cref="RunflowEmulatorOptions.MemoryStorePath"/> every change is also saved to that file, and the file is read
/// when the emulator starts, so a memory outlives the process.
/// </summary>
internal sealed class RunflowEmulatorMemoryStore
{
    /// <summary>The most memories kept, all tenants together.</summary>
    public const int MaxSessions = 1_000;

    /// <summary>The most messages one memory keeps.</summary>
    public const int MaxMessagesPerSession = 1_000;

    /// <summary>The most bytes kept, all memories together.</summary>
    public const long MaxTotalBytes = 16L * 1024 * 1024;

    /// <summary>The search limit when the request sets none, as Runflow documents.</summary>
    public const int DefaultSearchLimit = 50;

    private const int TopicCount = 5;

    // Least recently used first.
    private readonly List<RunflowEmulatorMemorySession> _sessions = [];
    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private bool _loaded;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorMemoryStore"/> class.</summary>
    /// <param name="path">The file to keep the memories in, or <see langword="null"/> to keep them only in memory.</param>
    /// <param name="time">The clock of the messages' timestamps.</param>
    public RunflowEmulatorMemoryStore(string? path, TimeProvider time)
    {
        _path = path;
        _time = time;
    }

    /// <summary>Reads the file of <see cref="RunflowEmulatorOptions.MemoryStorePath"/> once, when there is one.</summary>
    /// <exception cref="InvalidOperationException">The file is not a memory file.</exception>
    public void Load()
    {
        lock (_gate)
        {
            if (_loaded || _path is null || !File.Exists(_path))
            {
                _loaded = true;
                return;
            }

            try
            {
                using FileStream stream = File.OpenRead(_path);
                RunflowEmulatorMemoryFile? file = JsonSerializer.Deserialize(stream, RunflowEmulatorWireContext.Default.RunflowEmulatorMemoryFile);
                _sessions.AddRange(file?.Sessions ?? []);
                Trim();
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"RunflowEmulatorOptions.MemoryStorePath names a file that is not an emulator memory file: {ex.Message}", ex);
            }

            _loaded = true;
        }
    }

    /// <summary>Finds a memory, making it the most recently used.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The memory's id.</param>
    /// <returns>A copy of the memory, or <see langword="null"/> when the tenant has none of that id.</returns>
    public RunflowEmulatorMemorySession? Get(string tenant, string id)
    {
        lock (_gate)
        {
            RunflowEmulatorMemorySession? session = Touch(tenant, id, create: false);
            return session is null ? null : Copy(session);
        }
    }

    /// <summary>Replaces a memory's messages and metadata, creating it when needed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The memory's id.</param>
    /// <param name="request">The PUT body.</param>
    public void Set(string tenant, string id, RunflowEmulatorMemorySetRequestDto request)
    {
        lock (_gate)
        {
            RunflowEmulatorMemorySession session = Touch(tenant, id, create: true)!;
            session.Messages.Clear();
            session.Messages.AddRange(request.Messages.Select(Entry));
            session.Metadata = request.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.Clone() : null;
            session.Summary = null;
            Trim();
            Save();
        }
    }

    /// <summary>Appends a message to a memory, creating it when needed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The memory's id.</param>
    /// <param name="message">The append body.</param>
    public void Append(string tenant, string id, RunflowEmulatorMemoryMessageDto message)
    {
        lock (_gate)
        {
            Touch(tenant, id, create: true)!.Messages.Add(Entry(message));
            Trim();
            Save();
        }
    }

    /// <summary>
    /// Searches a memory by word overlap: a message scores the number of distinct words (lower-cased, plural and
    /// <c>-ing</c>/<c>-ed</c> endings cut, stop words left out) it shares with the query; messages sharing none are left out;
    /// higher scores come first, and among equal scores the newer message.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The memory's id.</param>
    /// <param name="query">The query.</param>
    /// <param name="limit">The most matches to return.</param>
    /// <returns>The matches, best first; none for a memory the tenant does not have.</returns>
    public List<RunflowEmulatorMemoryEntry> Search(string tenant, string id, string query, int limit)
    {
        HashSet<string> wanted = Words(query);
        lock (_gate)
        {
            RunflowEmulatorMemorySession? session = Touch(tenant, id, create: false);
            return session is null
                ? []
                : [.. session.Messages
                    .Select((message, index) => (Message: message, Index: index, Score: Words(message.Content).Count(wanted.Contains)))
                    .Where(m => m.Score > 0)
                    .OrderByDescending(m => m.Score)
                    .ThenByDescending(m => m.Index)
                    .Take(limit)
                    .Select(m => m.Message)];
        }
    }

    /// <summary>
    /// Summarizes a memory in one deterministic sentence, its message counts and its most frequent words, and keeps the
    /// summary: <c>7 messages (4 from the user, 3 from the assistant) about lisbon, weather, flight.</c>
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The memory's id.</param>
    /// <returns>The summary, or <see langword="null"/> for a memory the tenant does not have.</returns>
    public string? Summarize(string tenant, string id)
    {
        lock (_gate)
        {
            RunflowEmulatorMemorySession? session = Touch(tenant, id, create: false);
            if (session is null)
            {
                return null;
            }

            List<RunflowEmulatorMemoryEntry> messages = session.Messages;
            IEnumerable<string> counts = messages.GroupBy(m => m.Role).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} from the {g.Key}"));
            List<string> topics = messages
                .SelectMany(m => RunflowEmulatorWords.OfMessage(m.Content).Select(w => w.Stem))
                .Select((stem, order) => (Stem: stem, Order: order))
                .GroupBy(w => w.Stem)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.First().Order)
                .Take(TopicCount)
                .Select(g => g.Key)
                .ToList();
            string summary = messages.Count == 0
                ? "An empty conversation."
                : string.Create(CultureInfo.InvariantCulture, $"{messages.Count} message{(messages.Count == 1 ? string.Empty : "s")} ({string.Join(", ", counts)})")
                    + (topics.Count == 0 ? "." : $" about {string.Join(", ", topics)}.");
            session.Summary = summary;
            Save();
            return summary;
        }
    }

    private static HashSet<string> Words(string text) => RunflowEmulatorWords.OfMessage(text).Select(w => w.Stem).ToHashSet(StringComparer.Ordinal);

    private static RunflowEmulatorMemorySession Copy(RunflowEmulatorMemorySession session) => new()
    {
        Tenant = session.Tenant,
        Id = session.Id,
        Messages = [.. session.Messages],
        Metadata = session.Metadata,
        Summary = session.Summary,
    };

    private RunflowEmulatorMemoryEntry Entry(RunflowEmulatorMemoryMessageDto message) => new(
        message.Role ?? "user",
        message.Content,
        message.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.Clone() : null,
        _time.GetUtcNow());

    private RunflowEmulatorMemorySession? Touch(string tenant, string id, bool create)
    {
        int index = _sessions.FindIndex(s => s.Tenant == tenant && s.Id == id);
        RunflowEmulatorMemorySession? session = index < 0 ? null : _sessions[index];
        if (index >= 0)
        {
            _sessions.RemoveAt(index);
        }
        else if (create)
        {
            session = new RunflowEmulatorMemorySession { Tenant = tenant, Id = id };
        }

        if (session is not null)
        {
            _sessions.Add(session);
        }

        return session;
    }

    private void Trim()
    {
        foreach (RunflowEmulatorMemorySession session in _sessions.Where(s => s.Messages.Count > MaxMessagesPerSession))
        {
            session.Messages.RemoveRange(0, session.Messages.Count - MaxMessagesPerSession);
        }

        long total = _sessions.Sum(s => s.Size);
        while (_sessions.Count > 0 && (_sessions.Count > MaxSessions || total > MaxTotalBytes))
        {
            total -= _sessions[0].Size;
            _sessions.RemoveAt(0);
        }
    }

    // Written beside the file and moved over it, so a run that stops mid-write leaves the previous file whole.
    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        string temporary = _path + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, new RunflowEmulatorMemoryFile(_sessions), RunflowEmulatorWireContext.Default.RunflowEmulatorMemoryFile);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
