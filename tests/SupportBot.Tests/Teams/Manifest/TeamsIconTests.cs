using SupportBot.Teams.AppPackage;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Teams.Manifest;

/// <summary>The two icons Teams asks for, as committed in manifests/teams/.</summary>
public sealed class TeamsIconTests
{
    private static readonly string ColorFile = PolicyYaml.RepositoryFile("manifests/teams/color.png");
    private static readonly string OutlineFile = PolicyYaml.RepositoryFile("manifests/teams/outline.png");

    [Fact]
    public void The_colour_icon_is_a_192x192_RGBA_png_in_full_colour()
    {
        var bytes = File.ReadAllBytes(ColorFile);
        var (width, height, rgba) = Png.Decode(bytes);

        Assert.Equal(new PngHeader(192, 192, 8, 6), PngHeader.Read(bytes));
        Assert.Equal((192, 192), (width, height));
        Assert.All(Pixels(rgba), p => Assert.Equal(255, p.A));
        Assert.Contains(Pixels(rgba), p => (p.R, p.G, p.B) == IconPainter.Accent);
        Assert.Contains(Pixels(rgba), p => (p.R, p.G, p.B) == (255, 255, 255));
    }

    [Fact]
    public void The_outline_icon_is_32x32_with_only_white_or_transparent_pixels()
    {
        var bytes = File.ReadAllBytes(OutlineFile);
        var (width, height, rgba) = Png.Decode(bytes);

        Assert.Equal(new PngHeader(32, 32, 8, 6), PngHeader.Read(bytes));
        Assert.Equal((32, 32), (width, height));
        Assert.All(Pixels(rgba), p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p} is neither white nor transparent"));
        Assert.Contains(Pixels(rgba), p => p.A == 0);
        Assert.Contains(Pixels(rgba), p => p.A == 255);
    }

    [Fact]
    public void The_committed_icons_are_what_the_painter_draws()
    {
        if (Environment.GetEnvironmentVariable("SUPPORTBOT_PAINT_ICONS") == "1")
        {
            File.WriteAllBytes(ColorFile, IconPainter.Color());
            File.WriteAllBytes(OutlineFile, IconPainter.Outline());
        }

        Assert.Equal(Png.Decode(IconPainter.Color()).Rgba, Png.Decode(File.ReadAllBytes(ColorFile)).Rgba);
        Assert.Equal(Png.Decode(IconPainter.Outline()).Rgba, Png.Decode(File.ReadAllBytes(OutlineFile)).Rgba);
    }

    private static IEnumerable<(byte R, byte G, byte B, byte A)> Pixels(byte[] rgba) =>
        rgba.Chunk(4).Select(p => (p[0], p[1], p[2], p[3]));
}
