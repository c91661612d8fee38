using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime.Text;
using SupportBot.Cli;
using SupportBot.Tests.Escalation;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Cli;

/// <summary>The dry-run command, run in-process as <c>SupportBot simulate …</c> would be.</summary>
public sealed partial class SimulateCommandTests
{
    private static readonly string Preset = PolicyYaml.RepositoryFile("policies/operational-guide.yml");

    [Fact]
    public void The_dry_run_of_the_example_prints_the_same_sequence_as_the_engine_test()
    {
        var (code, output, error) = Run(Example());

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Severity: Severity 1 (sev1)", output, StringComparison.Ordinal);
        Assert.Contains("Reason:   Severity 1: a global outage, all users are affected", output, StringComparison.Ordinal);
        Assert.Matches(@"response +Sat 28 Nov 02:15 +15 minutes response target", output);
        Assert.Matches(@"resolution +Sat 28 Nov 06:00 +4 hours resolution target", output);
        Assert.Matches(@"updates +Sat 28 Nov 02:30 +an update every 30 minutes", output);
        Assert.Matches(@"ladder level 1 +Sat 28 Nov 02:30 +L2 engineering", output);
        Assert.Matches(@"ladder level 2 +Sat 28 Nov 04:00 +L3 network engineering", output);
        Assert.Matches(@"ladder level 3 +Sat 28 Nov 06:00 +Escalation manager", output);
        Assert.Contains("Timeline until Sat 28 Nov 10:15 (the default", output, StringComparison.Ordinal);
        Assert.Equal(Severity1AtNight.Expected, EventLines(output));
        // Each page goes out as a DM to the person the event names, right under it.
        Assert.Matches(@"Sat 28 Nov 06:00  paged .*\nSat 28 Nov 06:00    page +Example Manager Americas — Page for SUP-000001", output);
        Assert.Matches(@"Sat 28 Nov 06:45    managers-post +#managers — SUP-000001: Escalation ladder exhausted", output);
    }

    [Fact]
    public void The_json_document_holds_the_same_sequence_with_instants_and_local_times()
    {
        var (code, output, _) = Run([.. Example(), "--json"]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("sev1", root.GetProperty("severity").GetProperty("id").GetString());
        Assert.Equal("Severity 1: a global outage, all users are affected", root.GetProperty("reason").GetString());
        Assert.Equal("2026-11-27T20:30:00Z", root.GetProperty("reported").GetProperty("at").GetString());
        Assert.Equal("2026-11-28T02:00:00+05:30", root.GetProperty("reported").GetProperty("local").GetString());
        Assert.Equal(
            ["response 02:15", "resolution 06:00", "updates 02:30", "ladder level 1 02:30", "ladder level 2 04:00", "ladder level 3 06:00"],
            root.GetProperty("clocks").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {Clock(c.GetProperty("due"))}"));
        Assert.Equal("10:15", Clock(root.GetProperty("until")));

        var timeline = root.GetProperty("timeline").EnumerateArray().ToList();
        var events = timeline.Where(t => t.GetProperty("source").GetString() == "event")
            .Select(t => new LogLine(Clock(t), t.GetProperty("kind").GetString()!, t.GetProperty("who").GetString()!));
        Assert.Equal(Severity1AtNight.Expected, events);
        Assert.All(timeline, t => Assert.Equal(
            InstantPattern.ExtendedIso.Parse(t.GetProperty("at").GetString()!).Value,
            OffsetDateTimePattern.GeneralIso.Parse(t.GetProperty("local").GetString()!).Value.ToInstant()));
        Assert.Equal(9, timeline.Count(t => t.GetProperty("kind").GetString() == "page"));
    }

    [Fact]
    public void An_acknowledged_page_is_not_repeated_and_the_ladder_does_not_move_on_to_level_2()
    {
        var (code, output, _) = Run([.. Example(), "--ack-after", "5m", "--until", "1h30m"]);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                new LogLine("02:30", "update-reminder", ""),
                new LogLine("02:30", "paged", "Example L2 Engineer One"),
                new LogLine("02:35", "page-acknowledged", "Example L2 Engineer One"),
                new LogLine("03:00", "update-reminder", ""),
                new LogLine("03:30", "update-reminder", ""),
            ],
            EventLines(output).SkipWhile(e => e.Time != "02:30"));
        Assert.Contains("acknowledged the level 1 page (L2 engineering) 5 min after the first page", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_acknowledgements_each_later_level_is_paged_on_its_own_trigger_and_acknowledged()
    {
        var (code, output, _) = Run([.. Example(), "--ack-after", "5m"]);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                new LogLine("02:30", "paged", "Example L2 Engineer One"),
                new LogLine("02:35", "page-acknowledged", "Example L2 Engineer One"),
                new LogLine("04:00", "paged", "Example Network Engineer"),
                new LogLine("04:05", "page-acknowledged", "Example Network Engineer"),
                new LogLine("06:00", "paged", "Example Manager Americas"),
                new LogLine("06:05", "page-acknowledged", "Example Manager Americas"),
            ],
            EventLines(output).Where(e => e.Type.StartsWith("page", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_acknowledgement_after_the_level_moved_on_is_refused_once_and_a_later_level_can_still_be_acknowledged()
    {
        // Level 1 moves on after 3 pages x 30 min, at 04:00, so its first page's answer at 04:05 is too late;
        // level 2 has 3 x 40 min, so the answer at 05:35 is in time (and its repeat's, after level 3 began at 06:00, is not).
        var (code, output, _) = Run([.. Example(), "--ack-after", "1h35m", "--json"]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var acks = json.RootElement.GetProperty("timeline").EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() is "ack-refused" or "page-acknowledged").ToList();
        Assert.Equal(
            ["04:05 ack-refused Example L2 Engineer One", "05:35 page-acknowledged Example Network Engineer", "06:15 ack-refused Example Network Engineer",
                "07:35 page-acknowledged Example Manager Americas"],
            acks.Select(t => $"{Clock(t)} {t.GetProperty("kind").GetString()} {t.GetProperty("who").GetString()}"));
        Assert.Equal("SUP-000001 has moved on to level 2 (L3 network engineering); that page needs no answer.", acks[0].GetProperty("summary").GetString());
    }

    [Theory]
    [InlineData("--at", "tomorrow", "--at 'tomorrow' is not a local date and time: write it as YYYY-MM-DDTHH:mm")]
    [InlineData("--zone", "Mars/Olympus", "--zone 'Mars/Olympus' is not an IANA time zone")]
    [InlineData("--until", "soon", "--until 'soon' is not a duration (use e.g. 30m, 2h, 1h30m or 14d)")]
    [InlineData("--until", "365d", "--until 365d is out of range: from 1 min to 90 d")]
    [InlineData("--ack-after", "5 parsecs", "--ack-after '5 parsecs' is not a duration")]
    [InlineData("--policy", "no-such-preset", "No policy file or preset named 'no-such-preset'. Presets:")]
    [InlineData("--colour", "blue", "Unrecognized command or argument '--colour'")]
    public void Bad_arguments_exit_with_2_and_say_what_is_wrong(string option, string value, string message)
    {
        var args = Example().ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, error) = Run([.. args]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_at_exits_with_2()
    {
        var (code, _, error) = Run(["simulate", "--policy", Preset]);

        Assert.Equal(2, code);
        Assert.Contains("Option '--at' is required.", error, StringComparison.Ordinal);
        Assert.Contains("See: SupportBot simulate --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_answers_exit_with_2_listing_each_of_them()
    {
        var (code, output, error) = Run(
        [
            "simulate", "--policy", Preset, "--at", Severity1AtNight.At, "--zone", Severity1AtNight.Zone,
            "--answer", "category=connectivity", "--answer", "impact=everyone", "--answer", "region=emea", "--answer", "customer=Acme",
            "--answer", "description=Nobody can connect", "--answer", "contact_email=rita", "--answer", "colour=blue",
            "--answer", "device_count=many", "--answer", "no-equals-sign",
        ]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                "The --answer values cannot be submitted (6 problems):",
                "  'no-equals-sign': write it as id=value, e.g. impact=global.",
                "  colour: the policy has no such question (it asks category, impact, region, customer, title, description, device_os, client_version, ssid, bssid, managed, device_count, steps_to_reproduce, radius_logs, contact_email, contact_phone).",
                "  impact: Who is affected: choose one of All users, everywhere (global outage), Users in one region, One customer or site.",
                "  title: Summarise the problem in one line. is required.",
                "  device_count: How many devices are affected must be a whole number, like 25.",
                "  contact_email: Email address we can reach you at must be an email address, like name@example.com.",
            ],
            error.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void An_invalid_policy_exits_with_2_and_lists_its_errors_like_start_up()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("supportbot-cli-").FullName, "broken.yml");
        File.WriteAllText(file, PolicyYaml.Minimal.Replace("response: 15m", "response: soon", StringComparison.Ordinal));

        var (code, output, error) = Run(["simulate", "--policy", file, "--at", Severity1AtNight.At]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("The policy has 1 error(s):", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:7: severities[0].response:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_every_option_and_the_default_end()
    {
        var (code, output, _) = Run(["simulate", "--help"]);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--policy <FILE>", "--at <YYYY-MM-DDTHH:mm>", "--zone <IANA-ZONE>", "--answer <ID=VALUE>", "--until <DURATION>", "--ack-after <DURATION>", "--json" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("Default: until the resolution target is due plus the time the whole escalation ladder needs after it", output, StringComparison.Ordinal);
        Assert.Contains("at most 14 days", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_argument_naming_a_command_leaves_the_web_host_out()
    {
        Assert.True(CommandLine.Handles(["simulate", "--help"]));
        Assert.False(CommandLine.Handles([]));
        Assert.False(CommandLine.Handles(["--urls", "http://127.0.0.1:5080"]));
    }

    private static string[] Example() =>
    [
        "simulate", "--policy", Preset, "--at", Severity1AtNight.At, "--zone", Severity1AtNight.Zone,
        .. Severity1AtNight.Answers.SelectMany(a => new[] { "--answer", $"{a.Key}={a.Value}" }),
    ];

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The case events of the printed timeline (messages are indented under them), as the engine test's lines.</summary>
    private static List<LogLine> EventLines(string output) =>
        output.Split('\n').Select(line => EventLine().Match(line.TrimEnd('\r'))).Where(m => m.Success)
            .Select(m => new LogLine(m.Groups["time"].Value, m.Groups["kind"].Value, m.Groups["who"].Value))
            .ToList();

    private static string Clock(JsonElement time) => time.GetProperty("local").GetString()![11..16];

    [GeneratedRegex(@"^\w{3} \d{1,2} \w{3} (?<time>\d\d:\d\d)  (?<kind>[a-z-]+) +(?:(?<who>[^—]+) — )?")]
    private static partial Regex EventLine();
}
