using System.IO.Compression;
using System.Text.Json;
using SupportBot.Cli;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Teams.Manifest;

/// <summary><c>SupportBot teams-package …</c>, run in-process.</summary>
public sealed class TeamsPackageCommandTests : IDisposable
{
    private static readonly string Folder = PolicyYaml.RepositoryFile("manifests/teams");

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("supportbot-teams-package-");

    public void Dispose() => temp.Delete(recursive: true);

    private string Zip => Path.Combine(temp.FullName, "out", "supportbot.zip");

    [Fact]
    public void The_package_holds_exactly_the_manifest_and_the_two_icons_with_the_app_id_filled_in()
    {
        var (code, output, error) = Run(["teams-package", "--app-id", TeamsManifestTests.AppId.ToString(), "--domain", TeamsManifestTests.Domain,
            "--out", Zip, "--manifest-folder", Folder]);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains($"Wrote {Zip}", output, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(Zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        Assert.Equal(TeamsManifestTests.AppId.ToString(), manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal(TeamsManifestTests.AppId.ToString(), manifest.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal(TeamsManifestTests.Domain, manifest.RootElement.GetProperty("validDomains")[0].GetString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "color.png")), Bytes(zip, "color.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "outline.png")), Bytes(zip, "outline.png"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{6f1c2a4e-9b3d-4c8e-a1f0-2d5e7b9c0a13}")]
    public void An_app_id_that_is_not_a_plain_guid_is_a_usage_error(string appId)
    {
        var (code, output, error) = Run(["teams-package", "--app-id", appId, "--domain", TeamsManifestTests.Domain, "--out", Zip, "--manifest-folder", Folder]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"--app-id: '{appId}' is not an app id", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Zip));
    }

    [Theory]
    [InlineData("https://supportbot.example.com")]
    [InlineData("supportbot.example.com:443")]
    [InlineData("supportbot.example.com/api")]
    [InlineData("10.0.0.1")]
    [InlineData("support bot")]
    public void A_domain_that_is_not_a_host_name_is_a_usage_error(string domain)
    {
        var (code, _, error) = Run(["teams-package", "--app-id", TeamsManifestTests.AppId.ToString(), "--domain", domain, "--out", Zip, "--manifest-folder", Folder]);

        Assert.Equal(2, code);
        Assert.Contains($"--domain: '{domain}' is not a host name", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Zip));
    }

    [Fact]
    public void Without_out_it_says_the_option_is_required()
    {
        var (code, _, error) = Run(["teams-package", "--app-id", TeamsManifestTests.AppId.ToString(), "--domain", TeamsManifestTests.Domain]);

        Assert.Equal(2, code);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.Contains("See: SupportBot teams-package --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_manifest_or_a_wrong_icon_is_listed_and_nothing_is_written()
    {
        var folder = temp.CreateSubdirectory("manifest");
        File.WriteAllText(Path.Combine(folder.FullName, "manifest.json"), File.ReadAllText(Path.Combine(Folder, "manifest.json"))
            .Replace("\"accentColor\": \"#2B6CB0\"", "\"accentColor\": \"blue\", \"packageName\": \"com.example.supportbot\"", StringComparison.Ordinal)
            .Replace("\"version\": \"1.0.0\"", "\"version\": \"1.0\"", StringComparison.Ordinal));
        File.Copy(Path.Combine(Folder, "outline.png"), Path.Combine(folder.FullName, "color.png"));
        File.WriteAllText(Path.Combine(folder.FullName, "outline.png"), "not a picture");

        var (code, output, error) = Run(["teams-package", "--app-id", TeamsManifestTests.AppId.ToString(), "--domain", TeamsManifestTests.Domain,
            "--out", Zip, "--manifest-folder", folder.FullName]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                "The Teams manifest has 5 problem(s):",
                "  manifest.json /: property 'packageName' is not allowed",
                "  manifest.json /accentColor: \"blue\" does not match ^#[0-9a-fA-F]{6}$",
                "  manifest.json /version: \"1.0\" should be MAJOR.MINOR.PATCH, e.g. 1.0.0",
                "  icons.color: 'color.png' is 32x32, Teams wants 192x192",
                "  icons.outline: 'outline.png' is not a PNG",
            ],
            error.TrimEnd().Split(Environment.NewLine));
        Assert.False(File.Exists(Zip));
    }

    [Fact]
    public void A_folder_without_a_manifest_is_a_usage_error()
    {
        var (code, _, error) = Run(["teams-package", "--app-id", TeamsManifestTests.AppId.ToString(), "--domain", TeamsManifestTests.Domain,
            "--out", Zip, "--manifest-folder", temp.FullName]);

        Assert.Equal(2, code);
        Assert.Contains($"No manifest.json in {temp.FullName}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_names_every_option()
    {
        var (code, output, _) = Run(["teams-package", "--help"]);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--app-id <GUID>", "--domain <HOST>", "--out <FILE.zip>", "--manifest-folder <DIR>", "v1.30" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    private static byte[] Bytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
