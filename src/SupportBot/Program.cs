using SupportBot;
using SupportBot.Cli;
using SupportBot.Hosting;

if (CommandLine.Handles(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error);
}
var builder = WebApplication.CreateBuilder(args);
var policy = PolicySetup.Load(builder.Configuration);
if (policy.Policy is null)
{
    PolicySetup.Report(policy, Console.Error);
    return 2;
}
builder.AddSupportBot(policy.Policy);
var app = builder.Build();
app.MapSupportBot();
await app.RunAsync();
return 0;

/// <summary>Exposed so that tests can start the real app.</summary>
public partial class Program;
