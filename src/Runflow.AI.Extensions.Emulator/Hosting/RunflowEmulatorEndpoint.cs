namespace Runflow.AI.Extensions.Emulator;

/// <summary>The endpoints the emulator serves.</summary>
internal enum RunflowEmulatorEndpoint
{
    /// <summary>No endpoint lives at the path: HTTP 404.</summary>
    None,

    /// <summary>Chat completion, JSON in and out (<see cref="RunflowEmulatorOptions.ChatPath"/>).</summary>
    Chat,

    /// <summary>Streamed chat, JSON in and plain text out (<see cref="RunflowEmulatorOptions.StreamPath"/>).</summary>
    Stream,

    /// <summary>Embeddings, JSON in and out (<see cref="RunflowEmulatorOptions.EmbeddingsPath"/>).</summary>
    Embeddings,

    /// <summary>Tenant discovery, the key in a JSON body (<see cref="RunflowEmulatorOptions.DiscoverPath"/>).</summary>
    Discover,

    /// <summary>File upload, multipart in and JSON out (<see cref="RunflowEmulatorOptions.FilesPath"/>).</summary>
    Files,

    /// <summary>Image generation, JSON in and out (<see cref="RunflowEmulatorOptions.ImagesPath"/>).</summary>
    Images,

    /// <summary>A memory, GET to read and PUT to replace (<see cref="RunflowEmulatorOptions.MemoryPath"/>/{memoryId}).</summary>
    Memory,

    /// <summary>Appending to a memory (…/{memoryId}/append).</summary>
    MemoryAppend,

    /// <summary>Searching a memory by word overlap (…/{memoryId}/search).</summary>
    MemorySearch,

    /// <summary>Summarizing a memory (…/{memoryId}/summarize).</summary>
    MemorySummarize,
}
