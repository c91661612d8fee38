using SupportBot;
using SupportBot.Hosting;

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
