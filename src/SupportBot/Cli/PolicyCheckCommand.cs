using System.CommandLine;
using NodaTime;
using SupportBot.Core.Policy.Lint;
using SupportBot.Hosting;
using SupportBot.Policy;

namespace SupportBot.Cli;

/// <summary>
/// <c>policy check FILE</c>: loads a policy file as start-up would and lists every problem with its
/// file, line and field; a valid policy is then linted for what would fail in the next eight weeks.
/// Exit 0 valid with no findings, 1 invalid, 2 bad arguments or a file that cannot be read, 4 valid with findings.
/// </summary>
public static class PolicyCheckCommand
{
    public const int Invalid = 1;

    /// <summary>Valid, so the bot starts, but the lint found something that would fail (3 is the report's missing database).</summary>
    public const int Findings = 4;

    public static Command Create(TimeProvider time)
    {
        var file = new Argument<string>("file")
        {
            HelpName = "FILE",
            Description = "The policy file (YAML), or the name of a preset in policies/.",
        };
        var check = new Command("check",
            "Check a policy file: print every problem as FILE:LINE: FIELD: MESSAGE, or a summary when it is valid; "
            + "then lint a valid policy for what would fail in the next eight weeks (on-call gaps, empty roles, people the bot cannot reach, "
            + "ladders ending with nobody, follow-the-sun holes, targets outside their calendar), one warning per line as FILE: warning CODE at ENTRY: MESSAGE. "
            + $"Exit codes: 0 valid with no findings, {Invalid} invalid, {CommandLine.Usage} bad arguments or a file that cannot be read, {Findings} valid with findings.")
        {
            file,
        };
        check.SetAction(parsed => Check(parsed.GetValue(file)!, Instant.FromDateTimeOffset(time.GetUtcNow()), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return new Command("policy", "Work with policy files.") { check };
    }

    private static int Check(string pathOrPreset, Instant now, TextWriter output, TextWriter error)
    {
        var path = PolicySetup.Resolve(pathOrPreset);
        if (path is null)
        {
            error.WriteLine(Directory.Exists(pathOrPreset)
                ? $"{pathOrPreset} is a folder: give the policy file in it."
                : $"No policy file or preset named '{pathOrPreset}'. Presets: {string.Join(", ", PolicySetup.Presets())}.");
            return CommandLine.Usage;
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot read {path}: {e.Message}");
            return CommandLine.Usage;
        }
        // Problems name the file as the user typed it; a preset by its full path.
        var loaded = PolicyLoader.Parse(text, PolicySetup.FileAsGiven(pathOrPreset) is null ? path : pathOrPreset);
        if (loaded.Policy is not { } policy)
        {
            output.WriteLine(PolicyErrors.Format(loaded.Errors));
            output.WriteLine($"{loaded.Errors.Count} problem(s): the bot would not start with this policy.");
            return Invalid;
        }
        output.WriteLine($"{pathOrPreset}: valid. Policy '{policy.Name}' ({policy.Title}): {policy.Severities.Count} severities, "
            + $"{policy.Calendars.Count} calendars, {policy.Questions.Count} intake questions, {policy.SeverityRules.Count + 1} severity rules, "
            + $"{policy.Ladders.Count} escalation ladders, {policy.People.People.Count} people.");
        var findings = PolicyLint.Check(policy, now);
        foreach (var finding in findings)
        {
            output.WriteLine($"{pathOrPreset}: {finding}");
        }
        if (findings.Count == 0)
        {
            return 0;
        }
        output.WriteLine($"{findings.Count} warning(s): the bot starts with this policy, but these would fail in the next eight weeks.");
        return Findings;
    }
}
