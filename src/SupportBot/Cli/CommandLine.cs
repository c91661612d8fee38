using System.CommandLine;

namespace SupportBot.Cli;

/// <summary>
/// The command line on the app's own executable (DESIGN §10): <c>SupportBot simulate …</c>, <c>policy check</c>, <c>report</c>, <c>teams-package</c>. A first
/// argument that names no command starts the web host instead. To add a command, add a row to
/// <see cref="Table"/> with a factory in its own file.
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code for bad arguments or an invalid policy, as at start-up.</summary>
    public const int Usage = 2;

    /// <summary>Exit code for a failure that is not the caller's (a bug): said in one line, without a stack trace.</summary>
    public const int Failed = 1;

    private static readonly (string Name, Func<TimeProvider, Command> Create)[] Table =
    [
        ("simulate", _ => SimulateCommand.Create()),
        ("teams-package", _ => TeamsPackageCommand.Create()),
        ("policy", PolicyCheckCommand.Create),
        ("report", ReportCommand.Create),
        ("privacy", Privacy.PrivacyCliCommand.Create),
    ];

    public static bool Handles(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && Table.Any(c => c.Name == args[0]);
    }

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) => Run(args, output, error, TimeProvider.System);

    /// <param name="time">"Now" for the commands that read the clock (a report's "as of").</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var root = new RootCommand("SupportBot: a chat-ops support desk. Without a command, it runs the bot.");
        foreach (var (_, create) in Table)
        {
            root.Subcommands.Add(create(time));
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine(e.Message);
            }
            error.WriteLine($"See: SupportBot {args[0]} --help");
            return Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // A command line prints what went wrong, never a stack trace.
            error.WriteLine($"{args[0]} failed: {e.Message}");
            return Failed;
        }
    }
}
