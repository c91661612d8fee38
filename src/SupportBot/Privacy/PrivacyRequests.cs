using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Core.Privacy;

namespace SupportBot.Privacy;

/// <summary>
/// Carries out an admin's privacy request from chat, inside the step's transaction, and says what was
/// done: an export is written as a JSON file in <c>exports/</c> beside the database (chat is no place
/// for a person's whole file); an erase changes the store. Both are recorded in <c>privacy_requests</c>
/// with who asked and a hash of whom it was about.
/// </summary>
public static class PrivacyRequests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static InteractionReply Run(DbConnection connection, DbTransaction transaction, PrivacyRequest request, SupportPolicy policy, string filesFolder, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = new Subject(request.Subject);
        if (request.Action == PrivacyAction.Export)
        {
            var document = PersonalDataExport.Build(connection, transaction, subject, now);
            var folder = Path.Combine(filesFolder, "exports");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"privacy-{subject.Hash}-{InstantPattern.Create("uuuuMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture).Format(now)}.json");
            File.WriteAllText(file, ToText(document));
            var summary = Summary(document);
            Audit(connection, transaction, request, subject, summary, now);
            return InteractionReply.Notice($"Exported what SupportBot keeps about {subject.Key} ({summary}) to {file} on the bot's machine.");
        }
        var erased = PersonalDataEraser.Erase(connection, transaction, subject, policy, request.By, request.ByName, now);
        var what = Summary(erased);
        Audit(connection, transaction, request, subject, what, now);
        return InteractionReply.Notice(erased.TotalRows == 0
            ? $"SupportBot keeps nothing about {subject.Key}: nothing was changed."
            : $"Erased {subject.Key}'s personal data ({what}). Case numbers, times and ratings are kept, and each case's log says it was erased.");
    }

    public static string ToText(JsonObject document) => document.ToJsonString(Indented);

    public static string Summary(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        int Count(string name) => document[name]?.AsArray().Count ?? 0;
        return $"{Count("casesReported")} cases reported, {Count("caseLogEntries")} log entries, {Count("messagesTyped")} messages typed, " +
            $"{(document["intakeUnderWay"] is null ? "no" : "an")} intake under way, {Count("learnedAccounts")} learned accounts";
    }

    public static string Summary(ErasedData erased)
    {
        ArgumentNullException.ThrowIfNull(erased);
        return $"{erased.Cases} cases, {erased.TotalRows} rows: " +
            string.Join(", ", erased.Rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
    }

    /// <summary>The audit row: what was done, by whom, when, and a hash of the person instead of their key.</summary>
    public static void Audit(DbConnection connection, DbTransaction transaction, PrivacyRequest request, Subject subject, string summary, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subject);
        connection.Execute(
            "INSERT INTO privacy_requests (at, action, subject_hash, by_key, by_name, summary) VALUES (@at, @action, @hash, @By, @ByName, @summary)",
            new { at = now.ToUnixTimeMilliseconds(), action = request.Action == PrivacyAction.Export ? "export" : "erase", hash = subject.Hash, request.By, request.ByName, summary },
            transaction);
    }
}
