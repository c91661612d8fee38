using System.Buffers.Binary;

namespace SupportBot.Teams.AppPackage;

/// <summary>
/// What the IHDR chunk of a PNG says (https://www.w3.org/TR/png-3/#11IHDR): enough to check an icon's
/// size and that it can be transparent, without decoding it.
/// </summary>
public readonly record struct PngHeader(int Width, int Height, byte BitDepth, byte ColourType)
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Colour types 4 (grey + alpha) and 6 (RGBA) carry an alpha channel.</summary>
    public bool HasAlpha => ColourType is 4 or 6;

    /// <summary>The header, or null when the bytes are not a PNG that starts with an IHDR chunk.</summary>
    public static PngHeader? Read(ReadOnlySpan<byte> png)
    {
        if (png.Length < 33 || !png[..8].SequenceEqual(Signature)
            || BinaryPrimitives.ReadUInt32BigEndian(png[8..]) != 13 || !png[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }
        var width = BinaryPrimitives.ReadInt32BigEndian(png[16..]);
        var height = BinaryPrimitives.ReadInt32BigEndian(png[20..]);
        return width <= 0 || height <= 0 ? null : new PngHeader(width, height, png[24], png[25]);
    }
}
