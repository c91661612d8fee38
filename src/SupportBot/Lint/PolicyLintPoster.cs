using System.Globalization;
using Dapper;
using SupportBot.Core;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Core.Policy.Lint;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Lint;

/// <summary>
/// Once a day (in the policy's display zone) lints the running policy and posts the findings not
/// posted before to the admins' channel, else the managers'. The day's row, the posted findings and
/// the outbox row are written in one transaction, so a restart never reposts; a finding no longer
/// found is forgotten, so if it comes back it is new again. The day and each finding are claimed by
/// their unique keys before anything is posted, so instances running this at the same moment post once.
/// </summary>
public sealed partial class PolicyLintPoster(
    IDatabase database, SupportPolicy policy, IDeskSource desk, TimeProvider time, OutboxSignal outbox, ILogger<PolicyLintPoster> logger)
{
    /// <summary>The findings posted now; empty when today was checked already, nothing is new, or there is no channel to post to.</summary>
    public Task<IReadOnlyList<LintFinding>> PostIfDueAsync(CancellationToken ct)
    {
        var now = time.GetCurrentInstant();
        if (desk.Current.AdminsOrManagers is not { } channel)
        {
            // Not marked as checked: the day's findings go out once a channel is set.
            return Task.FromResult<IReadOnlyList<LintFinding>>([]);
        }
        ct.ThrowIfCancellationRequested();
        var day = now.InZone(policy.DisplayZone).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        var findings = PolicyLint.Check(policy, now);
        var at = now.ToUnixTimeMilliseconds();
        if (connection.Execute("INSERT INTO policy_lint_days (day, checked_at, findings) VALUES (@day, @at, @count) ON CONFLICT (day) DO NOTHING",
            new { day, at, count = findings.Count }, transaction) == 0)
        {
            // Checked already today, here or on another instance (which this insert waited for).
            return Task.FromResult<IReadOnlyList<LintFinding>>([]);
        }
        var keys = findings.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var posted = connection.Query<string>("SELECT finding FROM policy_lint_posted", transaction: transaction).ToList();
        foreach (var gone in posted.Where(k => !keys.Contains(k)))
        {
            connection.Execute("DELETE FROM policy_lint_posted WHERE finding = @gone", new { gone }, transaction);
        }
        // A finding is new when this transaction is the one that records it as posted.
        var fresh = findings.Where(f => connection.Execute(
            "INSERT INTO policy_lint_posted (finding, posted_at, outbox_id) VALUES (@key, @at, 0) ON CONFLICT (finding) DO NOTHING",
            new { key = f.Key, at }, transaction) == 1).ToList();
        if (fresh.Count > 0)
        {
            var text = $"{fresh.Count} new warning(s) about policy '{policy.Name}', things that would fail in the next eight weeks "
                + "(run policy check on the file for all of them):\n" + string.Join("\n", fresh.Select(f => $"- {f}"));
            var outboxId = OutboxStore.Enqueue(connection, transaction, new PostMessage(channel, CardData.Notice("Policy warnings", text), null), now.ToDateTimeOffset());
            connection.Execute($"UPDATE policy_lint_posted SET outbox_id = @outboxId WHERE {database.Dialect.IsIn("finding", "@fresh")}",
                new { outboxId, fresh = fresh.Select(f => f.Key).ToArray() }, transaction);
        }
        transaction.Commit();
        if (fresh.Count > 0)
        {
            outbox.Wake();
        }
        LogChecked(day, findings.Count, fresh.Count);
        return Task.FromResult<IReadOnlyList<LintFinding>>(fresh);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy lint for {Day}: {Findings} finding(s), {New} new and posted")]
    private partial void LogChecked(string day, int findings, int @new);
}
