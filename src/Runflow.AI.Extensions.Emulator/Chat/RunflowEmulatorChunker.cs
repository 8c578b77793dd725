namespace Runflow.AI.Extensions.Emulator;

/// <summary>Cuts a streamed body into fixed-size chunks.</summary>
internal static class RunflowEmulatorChunker
{
    /// <summary>Cuts <paramref name="body"/> into chunks of at most <paramref name="size"/> bytes.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="size">The chunk size in bytes, at least 1.</param>
    /// <param name="allowSplitInsideCharacter">
    /// <see langword="false"/> to end chunks on character boundaries; a character longer than
    /// <paramref name="size"/> then gets a chunk of its own.
    /// </param>
    /// <returns>The chunks, in order; none for an empty body.</returns>
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> body, int size, bool allowSplitInsideCharacter)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        ReadOnlySpan<byte> bytes = body.Span;
        int start = 0;
        while (start < body.Length)
        {
            int end = Math.Min(start + size, body.Length);
            if (!allowSplitInsideCharacter)
            {
                int boundary = end;

                // 10xxxxxx bytes continue a character: step back to the byte that starts it.
                while (boundary > start && boundary < body.Length && (bytes[boundary] & 0xC0) == 0x80)
                {
                    boundary--;
                }

                if (boundary == start)
                {
                    boundary = end;
                    while (boundary < body.Length && (bytes[boundary] & 0xC0) == 0x80)
                    {
                        boundary++;
                    }
                }

                end = boundary;
            }

            chunks.Add(body[start..end]);
            start = end;
        }

        return chunks;
    }
}
