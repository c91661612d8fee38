using System.CommandLine;
using System.Data.Common;
using NodaTime;
using SupportBot.Cli;
using SupportBot.Core.Channels;
using SupportBot.Core.Privacy;
using SupportBot.Storage;

namespace SupportBot.Privacy;

/// <summary>
/// <c>privacy export --user slack:U0123</c> prints everything kept about one person as JSON;
/// <c>privacy erase --user slack:U0123 --yes</c> erases their personal data. The same work as the
/// admins' chat command, on the bot's database (it may run beside the bot: each is one transaction).
/// </summary>
public static class PrivacyCliCommand
{
    /// <summary>Exit code when the database is missing or is not one this SupportBot can read.</summary>
    public const int NoDatabase = 3;

    public static Command Create(TimeProvider time)
    {
        var export = new Command("export", "Print everything SupportBot keeps about one person as JSON (or write it to --out). "
            + $"Exit codes: 0 done; {CommandLine.Usage} bad arguments; {NoDatabase} no database.");
        var erase = new Command("erase", "Erase one person's personal data: their name, email, account id and what they wrote become [erased]; "
            + "their intake and learned accounts are deleted; case numbers, times and ratings stay. Needs --yes. "
            + $"Exit codes: 0 done; {CommandLine.Usage} bad arguments, an invalid policy or no --yes; {NoDatabase} no database.");
        foreach (var command in new[] { export, erase })
        {
            var user = new Option<string>("--user")
            {
                HelpName = "PLATFORM:ACCOUNT",
                Description = "The person: slack:U0123, teams:29:1a2b… or local:rita (their user key).",
                Required = true,
            };
            var db = new Option<string?>("--db")
            {
                HelpName = "FILE",
                Description = "A SQLite database file. Default: the bot's database, as SupportBot:Storage configures it: its SqlitePath (data/supportbot.db), "
                    + "or PostgreSQL when Provider is Postgres (PostgresConnectionString, from the environment).",
            };
            command.Options.Add(user);
            command.Options.Add(db);
            if (command == export)
            {
                var output = new Option<FileInfo?>("--out") { HelpName = "FILE", Description = "Write the JSON to this file instead of standard output." };
                command.Options.Add(output);
                command.SetAction(p => Run(PrivacyAction.Export, p.GetValue(user)!, p.GetValue(db), null, false, p.GetValue(output), time,
                    p.InvocationConfiguration.Output, p.InvocationConfiguration.Error));
            }
            else
            {
                var policy = new Option<string>("--policy")
                {
                    HelpName = "FILE",
                    Description = "The policy the bot runs: which intake answers are choices (kept) and which are free text (erased). Default: SupportBot:Policy:Path.",
                    DefaultValueFactory = _ => CliSettings.PolicyPath,
                };
                var yes = new Option<bool>("--yes") { Description = "Erase without asking: this cannot be undone." };
                command.Options.Add(policy);
                command.Options.Add(yes);
                command.SetAction(p => Run(PrivacyAction.Erase, p.GetValue(user)!, p.GetValue(db), p.GetValue(policy), p.GetValue(yes), null, time,
                    p.InvocationConfiguration.Output, p.InvocationConfiguration.Error));
            }
        }
        return new Command("privacy", "Export or erase one person's personal data.") { export, erase };
    }

    private static int Run(PrivacyAction action, string user, string? dbPath, string? policyPath, bool yes, FileInfo? outFile, TimeProvider time, TextWriter stdout, TextWriter error)
    {
        if (PrivacyCommand.Subject(user, ChannelKind.Local) is not { } key || !key.Equals(user, StringComparison.Ordinal))
        {
            error.WriteLine($"--user '{user}' is not a user key: give platform:account, such as slack:U0123, teams:29:1a2b or local:rita.");
            return CommandLine.Usage;
        }
        if (action == PrivacyAction.Erase && !yes)
        {
            error.WriteLine($"This erases {key}'s personal data for good. Run it again with --yes to go ahead.");
            return CommandLine.Usage;
        }
        var policy = policyPath is null ? null : CliPolicy.Load(policyPath, error);
        if (policyPath is not null && policy is null)
        {
            return CommandLine.Usage;
        }
        using var store = CliDatabase.Find(dbPath, error);
        if (store is null)
        {
            return NoDatabase;
        }
        var subject = new Subject(key);
        var request = new PrivacyRequest(action, key, "cli", "the command line");
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        string text;
        try
        {
            var database = store.Database;
            using var connection = database.Open();
            if (Schema.Version(connection) != Schema.Latest)
            {
                error.WriteLine($"{store.Name} is not at this SupportBot's schema version ({Schema.Latest}): use the SupportBot that runs on it.");
                return NoDatabase;
            }
            using var transaction = database.BeginWrite(connection);
            if (action == PrivacyAction.Export)
            {
                var document = PersonalDataExport.Build(connection, transaction, subject, now);
                PrivacyRequests.Audit(connection, transaction, request, subject, PrivacyRequests.Summary(document), now);
                text = PrivacyRequests.ToText(document);
            }
            else
            {
                var erased = PersonalDataEraser.Erase(connection, transaction, subject, policy!.Value.Policy, request.By, request.ByName, now);
                text = $"Erased {key}'s personal data ({PrivacyRequests.Summary(erased)}).";
                PrivacyRequests.Audit(connection, transaction, request, subject, PrivacyRequests.Summary(erased), now);
            }
            transaction.Commit();
        }
        catch (DbException e)
        {
            error.WriteLine($"{store.Name} is not a SupportBot database this command can use: {e.Message}");
            return NoDatabase;
        }
        return CliFiles.PrintOrWrite(text + Environment.NewLine, outFile, stdout, error, path => $"Wrote {path}.");
    }
}
