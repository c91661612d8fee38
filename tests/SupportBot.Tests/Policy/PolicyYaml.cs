using SupportBot.Core.Policy;
using SupportBot.Policy;

namespace SupportBot.Tests.Policy;

/// <summary>Small valid policies to break on purpose, and the way to the shipped presets.</summary>
internal static class PolicyYaml
{
    public const string Minimal = """
        policy: test
        title: Test policy
        case_prefix: TST
        calendars:
          24x7: { always: true }
        severities:
          - { id: sev1, name: Severity 1, definition: Outage, response: 15m, resolution: 4h, calendar: 24x7, pages: true }
          - { id: sev2, name: Severity 2, definition: Other, response: 4h, resolution: 3d, calendar: 24x7, pages: true }
        questions:
          - { id: category, text: What is it about?, kind: choice, options: [billing, network] }
        default_severity: { severity: sev2, reason: Default }
        """;

    public static PolicyLoadResult Parse(string yaml) => PolicyLoader.Parse(yaml, "test.yml");

    public static SupportPolicy Valid(string yaml)
    {
        var result = Parse(yaml);
        Assert.True(result.Errors.Count == 0, PolicyErrors.Format(result.Errors));
        return result.Policy!;
    }

    /// <summary>Walks up from the test binaries to the folder holding SupportBot.sln.</summary>
    public static string RepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln")))
            {
                return Path.Combine(dir.FullName, relativePath);
            }
        }
        throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
    }
}
