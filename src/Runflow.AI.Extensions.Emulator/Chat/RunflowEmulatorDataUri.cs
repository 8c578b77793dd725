using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads a <c>data:&lt;media type&gt;[;parameters];base64,&lt;data&gt;</c> URI, as OpenAI-style servers take them.</summary>
internal static class RunflowEmulatorDataUri
{
    /// <summary>Gets a value indicating whether <paramref name="url"/> is meant as a data URI.</summary>
    /// <param name="url">The URL.</param>
    /// <returns><see langword="true"/> when it starts with <c>data:</c>, in any case.</returns>
    public static bool IsDataUri(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes a data URI into a part holding its media type, byte count and pixel size.</summary>
    /// <param name="type">The part's type.</param>
    /// <param name="url">The data URI.</param>
    /// <param name="part">The part, when the URI is valid.</param>
    /// <param name="problem">What is wrong with the URI, when it is not.</param>
    /// <returns><see langword="true"/> when the URI is valid.</returns>
    public static bool TryRead(string type, string url, [NotNullWhen(true)] out RunflowEmulatorContentPart? part, [NotNullWhen(false)] out string? problem)
    {
        part = null;
        int comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            problem = "it has no ',' before its data";
            return false;
        }

        string[] header = url[5..comma].Split(';');
        string mediaType = header[0].Trim();
        int slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            problem = "it names no media type";
            return false;
        }

        if (!string.Equals(header[^1].Trim(), "base64", StringComparison.OrdinalIgnoreCase))
        {
            problem = "its data is not base64";
            return false;
        }

        // The body is bounded (MaxRequestBodySize), so the bytes fit; they are read once, for their header, and given back.
        ReadOnlySpan<char> data = url.AsSpan(comma + 1);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, (data.Length / 4 * 3) + 3));
        try
        {
            if (!Convert.TryFromBase64Chars(data, bytes, out int size))
            {
                problem = "its base64 data is malformed";
                return false;
            }

            part = new RunflowEmulatorContentPart
            {
                Type = type,
                MediaType = mediaType,
                Size = size,
                DataUri = url,
                Pixels = RunflowEmulatorImageHeader.TryReadSize(bytes.AsSpan(0, size), out (int Width, int Height) pixels) ? pixels : null,
            };
            problem = null;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
