using SupportBot.Core.Channels;

namespace SupportBot.People;

/// <summary>
/// A platform account the bot has seen with the email its platform gives it: how a policy person
/// listed only by email is reached there. <see cref="ServiceUrl"/> and <see cref="Tenant"/> are what
/// Teams needs to start a chat with the account (the Slack team goes in <see cref="Tenant"/>).
/// </summary>
public sealed record LearnedAccount(
    ChannelKind Platform, string AccountId, string Email, string Name, string? ServiceUrl, string? Tenant, DateTimeOffset LastSeen)
{
    /// <summary>The account as someone to send to.</summary>
    public UserRef ToUser() => new(Platform, AccountId, Name, ServiceUrl, Email: Email);
}
