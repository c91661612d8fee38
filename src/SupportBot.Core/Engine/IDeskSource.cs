namespace SupportBot.Core.Engine;

/// <summary>
/// The desk as it is now. The engine reads it on each step, so a channel registered from chat takes
/// effect without a restart; the host's source overlays the stored registrations on configuration.
/// </summary>
public interface IDeskSource
{
    Desk Current { get; }
}

/// <summary>A desk that never changes: for tests, the simulator, and hosts without a store.</summary>
public sealed class FixedDesk(Desk desk) : IDeskSource
{
    public Desk Current { get; } = desk;
}
