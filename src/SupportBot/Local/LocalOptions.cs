namespace SupportBot.Local;

public sealed class LocalOptions
{
    public const string Section = "SupportBot:Local";

    /// <summary>The local workspace (a platform on this machine, for trying SupportBot without Teams or Slack). Loopback only.</summary>
    public bool Enabled { get; init; } = true;
}
