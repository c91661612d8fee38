namespace SupportBot.Tests.Browser;

/// <summary>Where browser tests save their screenshots: <c>SUPPORTBOT_SCREENSHOTS</c>, or <c>artifacts/screenshots</c> beside the test assembly.</summary>
public static class Screenshots
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("SUPPORTBOT_SCREENSHOTS") is { Length: > 0 } path
                ? path
                : Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
