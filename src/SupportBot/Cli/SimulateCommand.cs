using System.CommandLine;
using System.CommandLine.Parsing;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Engine;
using SupportBot.Core.Simulation;
using SupportBot.Hosting;
using SupportBot.Policy;

namespace SupportBot.Cli;

/// <summary>
/// <c>simulate</c>: a dry run of a policy. One report is replayed through the engine the bot runs, on a
/// fake clock and in memory, and the severity, the clocks and everything the bot would record and send
/// are printed with times in the zone given.
/// </summary>
public static class SimulateCommand
{
    private static readonly LocalDateTimePattern AtPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>Longest run asked for with --until: a longer one prints more than anyone reads.</summary>
    private static readonly Duration LongestRun = Duration.FromDays(90);

    public static Command Create()
    {
        var policy = new Option<string>("--policy")
        {
            HelpName = "FILE",
            Description = "The policy file, or a preset name in policies/.",
            DefaultValueFactory = _ => new PolicyOptions().Path,
        };
        var at = new Option<LocalDateTime>("--at")
        {
            HelpName = "YYYY-MM-DDTHH:mm",
            Description = "When the report is submitted, as local time in --zone. A time a daylight-saving change skips moves on by the gap; a repeated time is the first.",
            Required = true,
            CustomParser = ParseAt,
        };
        var zone = new Option<DateTimeZone?>("--zone")
        {
            HelpName = "IANA-ZONE",
            Description = "The time zone of --at and of every time printed, e.g. Asia/Kolkata. Default: the policy's display_zone.",
            CustomParser = ParseZone,
        };
        var answers = new Option<string[]>("--answer")
        {
            HelpName = "ID=VALUE",
            Description = "An answer to one of the policy's intake questions (choice questions take the option's value). Repeat for each question.",
        };
        var until = new Option<Duration?>("--until")
        {
            HelpName = "DURATION",
            Description = "How long after --at to run, e.g. 30m, 4h, 2d or 1h30m. Default: until the resolution target is due plus the time the whole "
                + "escalation ladder needs after it (each level's ack timeout x (repeats + 1)), at most 14 days. A run also ends when the case is resolved or closed.",
            CustomParser = r => ParseDuration(r, Duration.FromMinutes(1), LongestRun),
        };
        var ackAfter = new Option<Duration?>("--ack-after")
        {
            HelpName = "DURATION",
            Description = "Every page is acknowledged by its first recipient this long after it is sent (an acknowledgement at the instant its timeout falls due is in time). Default: nobody acknowledges.",
            CustomParser = r => ParseDuration(r, Duration.Zero, LongestRun),
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of text." };

        var command = new Command("simulate",
            "Dry run: replay one report through the engine the bot runs, on a fake clock, and print its severity and reason, "
            + "its clocks, and every case event and message (triage posts, DMs, pages, the Severity 1 bridge) with times in --zone. Nothing is sent or stored.")
        {
            policy, at, zone, answers, until, ackAfter, json,
        };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var loaded = CliPolicy.Load(parsed.GetValue(policy)!, error);
            if (loaded is null)
            {
                return CommandLine.Usage;
            }
            var (file, rules) = loaded.Value;
            var given = Answers(parsed.GetValue(answers) ?? [], out var malformed);
            var simulator = new Simulator(rules);
            var problems = malformed.Concat(simulator.Check(given)).ToList();
            if (problems.Count > 0)
            {
                error.WriteLine($"The --answer values cannot be submitted ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):");
                foreach (var problem in problems)
                {
                    error.WriteLine($"  {problem}");
                }
                return CommandLine.Usage;
            }
            var tz = parsed.GetValue(zone) ?? rules.DisplayZone;
            var reportedAt = parsed.GetValue(at).InZoneLeniently(tz).ToInstant();
            var result = simulator.Run(new SimulationRequest(reportedAt, given, reportedAt + parsed.GetValue(until), parsed.GetValue(ackAfter)));
            var report = new SimulationReport(rules, file, tz, result, parsed.GetValue(until) is null);
            if (parsed.GetValue(json))
            {
                report.WriteJson(output);
            }
            else
            {
                report.WriteText(output);
            }
            return 0;
        });
        return command;
    }

    private static Dictionary<string, string> Answers(IEnumerable<string> pairs, out List<string> malformed)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        malformed = [];
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                malformed.Add($"'{pair}': write it as id=value, e.g. impact=global.");
            }
            else if (!answers.TryAdd(pair[..equals].Trim(), pair[(equals + 1)..]))
            {
                malformed.Add($"{pair[..equals].Trim()}: answered more than once.");
            }
        }
        return answers;
    }

    private static LocalDateTime ParseAt(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var parsed = AtPattern.Parse(text);
        if (!parsed.Success)
        {
            result.AddError($"--at '{text}' is not a local date and time: write it as YYYY-MM-DDTHH:mm, e.g. 2026-11-28T02:00.");
            return default;
        }
        return parsed.Value;
    }

    private static DateTimeZone? ParseZone(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(text);
        if (zone is null)
        {
            result.AddError($"--zone '{text}' is not an IANA time zone: use a name such as Asia/Kolkata, Europe/London or Etc/UTC.");
        }
        return zone;
    }

    private static Duration? ParseDuration(ArgumentResult result, Duration shortest, Duration longest)
    {
        var name = ((OptionResult)result.Parent!).Option.Name;
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!TargetText.TryParseDuration(text, out var duration))
        {
            result.AddError($"{name} '{text}' is not a duration {TargetText.DurationHint}.");
            return null;
        }
        if (duration < shortest || duration > longest)
        {
            result.AddError($"{name} {text} is out of range: from {Display.Span(shortest)} to {Display.Span(longest)}.");
            return null;
        }
        return duration;
    }
}
