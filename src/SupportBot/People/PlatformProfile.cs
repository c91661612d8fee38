namespace SupportBot.People;

/// <summary>What a platform's directory says about one of its users: their email and IANA time zone, when it says.</summary>
public sealed record PlatformProfile(string? Email, string? TimeZone);
