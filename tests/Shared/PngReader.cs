using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Runflow.AI.Extensions.Testing;

/// <summary>A decoded 8-bit RGB PNG: its size and its pixels, three bytes each, row by row.</summary>
internal sealed record PngImage(int Width, int Height, byte[] Rgb);

/// <summary>
/// Reads the PNG files the emulator writes, checking what a viewer checks: the signature, every chunk's CRC-32, IHDR
/// first and IEND last, and image data that inflates to exactly one filter byte and one row per line.
/// </summary>
internal static class PngReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes <paramref name="png"/>, failing the test on anything a viewer would refuse.</summary>
    public static PngImage Read(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "The file does not start with the PNG signature.");
        var chunks = new List<(string Type, byte[] Data)>();
        for (var at = Signature.Length; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        var header = chunks[0].Data;
        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal([8, 2, 0, 0, 0], header[8..]);

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var stride = width * 3;
        Assert.Equal(height * (stride + 1), rows.Length);

        var rgb = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (stride + 1)]);
            rows.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(rgb.AsSpan(y * stride));
        }

        return new PngImage(width, height, rgb);
    }

    /// <summary>CRC-32 as PNG defines it, bit by bit: slow, and independent of the table the emulator uses.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
