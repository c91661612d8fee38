namespace SupportBot.Teams.Connector;

/// <summary>A documented limit: at most <see cref="Limit"/> requests in any <see cref="Window"/>.</summary>
public sealed record RateWindow(int Limit, TimeSpan Window);
