using System.Data.Common;
using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Storage;

namespace SupportBot.People;

/// <summary>
/// The accounts the bot has learned per platform, by email (<c>learned_accounts</c>): written when an
/// inbound user's email becomes known, read when a page or hand-off addressed by email is delivered.
/// Emails are kept lower-case, so finding one ignores case.
/// </summary>
public sealed partial class PeopleDirectory(IDatabase database, ILogger<PeopleDirectory> logger)
{
    /// <summary>Inserts or refreshes the account. A database failure is logged, never thrown: it must not fail the event that taught it.</summary>
    public void Remember(LearnedAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.AccountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.Email);
        try
        {
            using var connection = database.Open();
            connection.Execute(
                """
                INSERT INTO learned_accounts (platform, account_id, email, name, service_url, tenant, last_seen)
                VALUES (@Platform, @AccountId, @Email, @Name, @ServiceUrl, @Tenant, @LastSeen)
                ON CONFLICT(platform, account_id) DO UPDATE SET email = excluded.email, name = excluded.name,
                    service_url = coalesce(excluded.service_url, learned_accounts.service_url),
                    tenant = coalesce(excluded.tenant, learned_accounts.tenant), last_seen = excluded.last_seen;
                """,
                new
                {
                    Platform = account.Platform.Id(),
                    account.AccountId,
                    Email = Normal(account.Email),
                    account.Name,
                    account.ServiceUrl,
                    account.Tenant,
                    LastSeen = account.LastSeen.ToUnixTimeMilliseconds(),
                });
        }
        catch (DbException ex)
        {
            LogRememberFailed(ex, account.Platform.Id(), account.AccountId);
        }
    }

    /// <summary>The account most recently seen with <paramref name="email"/> on <paramref name="platform"/>, or null.</summary>
    public LearnedAccount? Find(ChannelKind platform, string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        using var connection = database.Open();
        var row = connection.QueryFirstOrDefault<Row>(
            """
            SELECT account_id AS AccountId, email AS Email, name AS Name, service_url AS ServiceUrl, tenant AS Tenant, last_seen AS LastSeen
            FROM learned_accounts WHERE platform = @Platform AND email = @Email ORDER BY last_seen DESC LIMIT 1;
            """,
            new { Platform = platform.Id(), Email = Normal(email) });
        return row is null
            ? null
            : new LearnedAccount(platform, row.AccountId, row.Email, row.Name, row.ServiceUrl, row.Tenant, DateTimeOffset.FromUnixTimeMilliseconds(row.LastSeen));
    }

    private static string Normal(string email) => email.Trim().ToLowerInvariant();

    private sealed record Row(string AccountId, string Email, string Name, string? ServiceUrl, string? Tenant, long LastSeen);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Platform} account {Account} was not written to the directory of learned accounts")]
    private partial void LogRememberFailed(Exception exception, string platform, string account);
}
