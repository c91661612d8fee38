using SupportBot.Cli;

namespace SupportBot.Tests.Cli;

/// <summary>Runs the command line in process, as <c>SupportBot …</c> would, capturing both streams.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Error) Run(params string[] args) => RunAt(TimeProvider.System, args);

    public static (int Code, string Output, string Error) RunAt(TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLine.Run(args, output, error, time);
        return (code, output.ToString(), error.ToString());
    }
}
