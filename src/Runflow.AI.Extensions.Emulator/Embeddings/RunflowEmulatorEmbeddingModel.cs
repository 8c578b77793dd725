using System.Text;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The emulator's deterministic embedding model: a hashed bag of words. Every word of the lower-cased text adds +1 or
/// −1 at one position, both picked by a stable hash of the word, and the sum is scaled to unit length. So the same
/// text always gets the same vector, texts sharing words point the same way (their cosine is the bag-of-words cosine
/// unless two words collide), texts sharing none are near orthogonal, and case and punctuation do not matter.
/// </summary>
internal static class RunflowEmulatorEmbeddingModel
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Answers a validated request: one vector per input, usage counted by the emulator's tokenizer.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The answer.</returns>
    public static RunflowEmulatorEmbeddingAnswer Answer(RunflowEmulatorEmbeddingRequest request)
    {
        var vectors = new float[request.Inputs.Count][];
        int tokens = 0;
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = Embed(request.Inputs[i], request.Dimensions);
            tokens += RunflowEmulatorTokenizer.Count(request.Inputs[i]);
        }

        return new RunflowEmulatorEmbeddingAnswer
        {
            Vectors = vectors,
            Model = request.Model,
            PromptTokens = tokens,
            TotalTokens = tokens,
        };
    }

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text; it may be empty.</param>
    /// <param name="dimensions">The vector length, at least 1.</param>
    /// <returns>A unit-length vector. A text without words (or whose words cancel out) gets the fixed vector whose components all equal 1/√<paramref name="dimensions"/>.</returns>
    public static float[] Embed(string text, int dimensions)
    {
        var sums = new double[dimensions];
        string lower = text.ToLowerInvariant();
        foreach (ValueMatch word in RunflowEmulatorTokenizer.EnumerateWords(lower))
        {
            ulong hash = Hash(lower.AsSpan(word.Index, word.Length));
            int index = (int)(hash % (ulong)dimensions);
            sums[index] += (hash >> 63) == 0 ? 1 : -1;
        }

        double norm = Math.Sqrt(sums.Sum(v => v * v));
        var vector = new float[dimensions];
        if (norm == 0)
        {
            Array.Fill(vector, (float)(1 / Math.Sqrt(dimensions)));
            return vector;
        }

        for (int i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(sums[i] / norm);
        }

        return vector;
    }

    /// <summary>
    /// Hashes a word: 64-bit FNV-1a over its UTF-8 bytes, then MurmurHash3's 64-bit finalizer. FNV-1a's low bits
    /// depend only on the low bits of the bytes, and the position is taken modulo the dimensions (often a power of
    /// two), so the finalizer spreads every byte over every bit first.
    /// </summary>
    /// <param name="word">The lower-cased word.</param>
    /// <returns>The hash.</returns>
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        int length = Encoding.UTF8.GetByteCount(word);
        Span<byte> bytes = length <= 256 ? stackalloc byte[256] : new byte[length];
        bytes = bytes[..Encoding.UTF8.GetBytes(word, bytes)];

        ulong hash = FnvOffsetBasis;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
