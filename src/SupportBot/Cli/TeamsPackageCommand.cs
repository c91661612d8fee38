using System.CommandLine;
using System.CommandLine.Parsing;
using SupportBot.Teams.AppPackage;

namespace SupportBot.Cli;

/// <summary>
/// <c>teams-package</c>: builds the Teams app package (manifest.json, color.png, outline.png at the zip
/// root) from the template in manifests/teams/, with the bot's app id and the host it runs on filled in.
/// The manifest is checked against the schema it declares before anything is written.
/// </summary>
public static class TeamsPackageCommand
{
    public static Command Create()
    {
        var appId = new Option<Guid>("--app-id")
        {
            HelpName = "GUID",
            Description = "The bot's Microsoft App ID (the Azure Bot's Entra application id), used as the app id and the bot id.",
            Required = true,
            CustomParser = ParseAppId,
        };
        var domain = new Option<string>("--domain")
        {
            HelpName = "HOST",
            Description = "The host name the bot is reached on, e.g. supportbot.example.com; listed in validDomains.",
            Required = true,
            CustomParser = ParseDomain,
        };
        var output = new Option<FileInfo>("--out")
        {
            HelpName = "FILE.zip",
            Description = "Where to write the package; an existing file is replaced.",
            Required = true,
        };
        var folder = new Option<DirectoryInfo>("--manifest-folder")
        {
            HelpName = "DIR",
            Description = "The folder holding manifest.json and its icons. Default: manifests/teams in the current folder or the nearest one above it.",
            DefaultValueFactory = _ => DefaultFolder(),
        };
        var command = new Command("teams-package",
            $"Build the Microsoft Teams app package: fill {TeamsAppPackage.AppIdPlaceholder} and {TeamsAppPackage.DomainPlaceholder} in manifest.json, "
            + $"check it against the Teams manifest schema v{TeamsAppPackage.SchemaVersion} and the icon sizes, and zip it with color.png and outline.png.")
        {
            appId, domain, output, folder,
        };
        command.SetAction(parsed => Build(
            parsed.GetValue(appId), parsed.GetValue(domain)!, parsed.GetValue(output)!, parsed.GetValue(folder)!,
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Build(Guid appId, string domain, FileInfo output, DirectoryInfo folder, TextWriter stdout, TextWriter error)
    {
        var template = Path.Combine(folder.FullName, TeamsAppPackage.ManifestFile);
        if (!File.Exists(template))
        {
            error.WriteLine($"No {TeamsAppPackage.ManifestFile} in {folder.FullName}: pass --manifest-folder, or run from the repository root.");
            return CommandLine.Usage;
        }
        var manifest = TeamsAppPackage.Fill(File.ReadAllText(template), appId, domain);
        var problems = TeamsAppPackage.Check(manifest, name => Read(folder, name));
        if (problems.Count > 0)
        {
            error.WriteLine($"The Teams manifest has {problems.Count} problem(s):");
            foreach (var problem in problems)
            {
                error.WriteLine("  " + problem);
            }
            return CommandLine.Usage;
        }
        var icons = TeamsAppPackage.IconFiles(manifest).Select(name => (name, Read(folder, name)!)).ToList();
        output.Directory?.Create();
        using (var zip = File.Create(output.FullName))
        {
            TeamsAppPackage.WriteZip(zip, manifest, icons);
        }
        stdout.WriteLine($"Wrote {output.FullName}: {TeamsAppPackage.ManifestFile}, {string.Join(", ", icons.Select(i => i.name))} for app {appId:D} on {domain}.");
        return 0;
    }

    /// <summary><c>dotnet run --project src/SupportBot</c> runs in the project folder, so look up for the repository's copy.</summary>
    private static DirectoryInfo DefaultFolder()
    {
        var here = new DirectoryInfo(Directory.GetCurrentDirectory());
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = new DirectoryInfo(Path.Combine(dir.FullName, "manifests", "teams"));
            if (File.Exists(Path.Combine(candidate.FullName, TeamsAppPackage.ManifestFile)))
            {
                return candidate;
            }
        }
        return new DirectoryInfo(Path.Combine(here.FullName, "manifests", "teams"));
    }

    private static byte[]? Read(DirectoryInfo folder, string name)
    {
        var path = Path.Combine(folder.FullName, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private static Guid ParseAppId(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty)
        {
            return id;
        }
        result.AddError($"--app-id: '{text}' is not an app id: expected a GUID like 00000000-0000-0000-0000-000000000000 (the Azure Bot's Microsoft App ID), not all zeros.");
        return Guid.Empty;
    }

    private static string ParseDomain(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TeamsAppPackage.IsHostName(text))
        {
            return text.ToLowerInvariant();
        }
        result.AddError($"--domain: '{text}' is not a host name: give the host only, e.g. supportbot.example.com (no https://, port or path).");
        return "";
    }
}
