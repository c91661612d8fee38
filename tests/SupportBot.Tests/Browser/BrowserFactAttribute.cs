namespace SupportBot.Tests.Browser;

/// <summary>
/// A test that needs Chromium. It runs, and fails if Chromium is missing, unless
/// <c>SUPPORTBOT_NO_BROWSER=1</c> is set: then it is reported as skipped, with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SUPPORTBOT_NO_BROWSER") == "1")
        {
            Skip = "SUPPORTBOT_NO_BROWSER=1: browser tests are switched off on this machine.";
        }
    }
}
