using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Runflow.AI.Extensions.Testing;

/// <summary>Image bytes built in code, so a test knows exactly what a reader should find in them.</summary>
internal static class TestImages
{
    private static readonly uint[] s_crcTable = BuildCrcTable();

    /// <summary>A valid PNG: 8-bit greyscale, every pixel black, its rows zlib-compressed, every chunk with its CRC.</summary>
    public static byte[] Png(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (greyscale), compression, filter and interlace methods 0

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // Each row is its filter type (0, none) followed by one byte per pixel.
            zlib.Write(new byte[height * (width + 1)]);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A GIF89a stream whose logical screen has the given size: header, screen descriptor, a two-colour table, trailer.</summary>
    public static byte[] Gif(int width, int height)
    {
        var gif = new byte[6 + 7 + 6 + 1];
        "GIF89a"u8.CopyTo(gif);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), (ushort)height);
        gif[10] = 0x80; // a global colour table of two entries
        gif[^4] = 0xFF;
        gif[^3] = 0xFF;
        gif[^2] = 0xFF;
        gif[^1] = 0x3B;
        return gif;
    }

    /// <summary>
    /// A baseline JPEG's markers up to its frame header — SOI, an APP0 (JFIF) segment, SOF0 with one component, EOI —
    /// which is what a header reader looks at; it holds no scan, so it is not a picture.
    /// </summary>
    public static byte[] JpegHeader(int width, int height)
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,
            0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xD9,
        ];
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(25), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(27), (ushort)width);
        return jpeg;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(length);
        png.Write(typeAndData);
        png.Write(crc);
    }

    // PNG's CRC-32 (ISO 3309, the polynomial reversed as 0xEDB88320), over a chunk's type and data.
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
