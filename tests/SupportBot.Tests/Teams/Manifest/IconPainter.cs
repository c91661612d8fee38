namespace SupportBot.Tests.Teams.Manifest;

/// <summary>
/// Draws the app icons: a speech bubble with a first-aid cross. The colour icon is a white bubble on the
/// accent colour with the cross in that colour; the outline icon is the white bubble with the cross cut out,
/// on transparent. Edges are 4x4 supersampled. Run the tests with SUPPORTBOT_PAINT_ICONS=1 to rewrite
/// manifests/teams/*.png after changing the drawing.
/// </summary>
internal static class IconPainter
{
    public static readonly (byte R, byte G, byte B) Accent = (0x2B, 0x6C, 0xB0);

    private const int Samples = 4;

    public static byte[] Color(int size = 192) => Paint(size, (bubble, cross) =>
    {
        // White where the bubble is, accent elsewhere and inside the cross; fully opaque.
        var white = bubble * (1 - cross);
        return (Mix(Accent.R, 255, white), Mix(Accent.G, 255, white), Mix(Accent.B, 255, white), 255);
    });

    public static byte[] Outline(int size = 32) => Paint(size, (bubble, cross) =>
        (255, 255, 255, (byte)Math.Round(255 * bubble * (1 - cross))));

    private static byte[] Paint(int size, Func<double, double, (byte R, byte G, byte B, byte A)> shade)
    {
        var rgba = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double bubble = 0, cross = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var u = (x + ((sx + 0.5) / Samples)) / size;
                        var v = (y + ((sy + 0.5) / Samples)) / size;
                        bubble += InBubble(u, v) ? 1 : 0;
                        cross += InCross(u, v) ? 1 : 0;
                    }
                }
                var (r, g, b, a) = shade(bubble / (Samples * Samples), cross / (Samples * Samples));
                var at = ((y * size) + x) * 4;
                (rgba[at], rgba[at + 1], rgba[at + 2], rgba[at + 3]) = (r, g, b, a);
            }
        }
        return Png.Encode(size, size, rgba);
    }

    /// <summary>A rounded rectangle with a tail at its lower left, in unit coordinates (y down).</summary>
    private static bool InBubble(double u, double v)
    {
        const double left = 0.10, top = 0.14, right = 0.90, bottom = 0.72, radius = 0.16;
        var dx = Math.Max(Math.Max(left + radius - u, u - (right - radius)), 0);
        var dy = Math.Max(Math.Max(top + radius - v, v - (bottom - radius)), 0);
        var inBody = u >= left && u <= right && v >= top && v <= bottom && (dx * dx) + (dy * dy) <= radius * radius;
        return inBody || InTriangle(u, v, (0.26, 0.70), (0.48, 0.70), (0.20, 0.90));
    }

    private static bool InCross(double u, double v)
    {
        const double cx = 0.50, cy = 0.43, arm = 0.18, half = 0.055;
        var du = Math.Abs(u - cx);
        var dv = Math.Abs(v - cy);
        return (du <= half && dv <= arm) || (dv <= half && du <= arm);
    }

    private static bool InTriangle(double u, double v, (double U, double V) a, (double U, double V) b, (double U, double V) c)
    {
        static double Side((double U, double V) p, (double U, double V) q, double u, double v) =>
            ((q.U - p.U) * (v - p.V)) - ((q.V - p.V) * (u - p.U));
        var s1 = Side(a, b, u, v);
        var s2 = Side(b, c, u, v);
        var s3 = Side(c, a, u, v);
        return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
    }

    private static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));
}
