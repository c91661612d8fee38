using SupportBot.Tests.Policy;
using static SupportBot.Tests.Cli.CliRunner;

namespace SupportBot.Tests.Cli;

/// <summary><c>policy check FILE</c>: exit 0 valid, 1 invalid (every problem with its line), 2 usage or unreadable.</summary>
public sealed class PolicyCheckCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-policy-check-").FullName;

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void The_preset_is_valid_and_exits_with_0()
    {
        var preset = PolicyYaml.RepositoryFile("policies/operational-guide.yml");

        var (code, output, error) = Run("policy", "check", preset);

        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith($"{preset}: valid. Policy 'operational-guide' (Operational guide: four severities): 4 severities,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_policy_with_lint_findings_exits_with_4_and_prints_each_warning_with_its_code_and_entry()
    {
        var file = Write("unreachable.yml", PolicyYaml.Minimal + """

            contacts:
              people:
                - { id: eng-1, name: Engineer One, zone: Etc/UTC, accounts: { local: eng-1 } }
              roles:
                - { id: spare, name: Spare, members: [] }
            """);

        var (code, output, error) = RunAt(new TestClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)), "policy", "check", file);

        Assert.Equal((4, ""), (code, error));
        var lines = output.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{file}: valid.", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{file}: warning empty-role at contacts.roles[spare]: Role Spare has nobody in it", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"{file}: warning unreachable-person at contacts.people[eng-1]: Engineer One has no Teams or Slack id and no email", lines[2], StringComparison.Ordinal);
        Assert.Equal("2 warning(s): the bot starts with this policy, but these would fail in the next eight weeks.", lines[3]);
    }

    [Fact]
    public void An_invalid_policy_exits_with_1_and_prints_each_problem_with_its_line_and_field()
    {
        var file = Write("broken.yml", PolicyYaml.Minimal
            .Replace("response: 15m", "response: soon", StringComparison.Ordinal)
            .Replace("case_prefix: TST", "case_prefix: tst", StringComparison.Ordinal));

        var (code, output, error) = Run("policy", "check", file);

        Assert.Equal((1, ""), (code, error));
        var lines = output.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"{file}:3: case_prefix: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{file}:7: severities[0].response: \"soon\" is not a duration", StringComparison.Ordinal));
        Assert.Equal("2 problem(s): the bot would not start with this policy.", lines[^1]);
    }

    [Fact]
    public void A_yaml_syntax_error_is_invalid_with_its_line()
    {
        var file = Write("syntax.yml", "policy: x\ntitle: \"unclosed\ncase_prefix: SUP\n");

        var (code, output, _) = Run("policy", "check", file);

        Assert.Equal(1, code);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(file)}:\d+: YAML syntax error: ", output);
    }

    [Fact]
    public void A_missing_file_a_folder_or_no_file_at_all_is_a_usage_error_with_exit_2()
    {
        var missing = Run("policy", "check", Path.Combine(folder, "nope.yml"));
        var isFolder = Run("policy", "check", folder);
        var none = Run("policy", "check");

        Assert.Equal((2, ""), (missing.Code, missing.Output));
        Assert.StartsWith($"No policy file or preset named '{Path.Combine(folder, "nope.yml")}'.", missing.Error, StringComparison.Ordinal);
        Assert.Equal((2, $"{folder} is a folder: give the policy file in it."), (isFolder.Code, isFolder.Error.TrimEnd()));
        Assert.Equal(2, none.Code);
        Assert.Contains("See: SupportBot policy --help", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_exit_codes()
    {
        var (code, output, _) = Run("policy", "check", "--help");

        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 valid with no findings, 1 invalid, 2 bad arguments or a file that cannot be read, 4 valid with findings.", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
