using NodaTime;
using SupportBot.Auditing;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Auditing;

/// <summary>Which cases past their open life the auditor reads, on every provider.</summary>
public sealed class FollowUpCasesTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly SupportBot.Core.Policy.SupportPolicy Policy =
        SupportBot.Policy.PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml")).Policy!;

    private TestDatabase? db;

    public void Dispose() => db?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task Resolved_cases_and_closed_ones_still_awaiting_a_rating_request_or_postmortem_are_read_and_no_others(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var store = new StepStore(db.Database, Policy);
        async Task Add(string id, CaseStatus status, int? rating, string? bridge, params string[] log)
        {
            var c = new CaseRecord
            {
                Id = id,
                Number = id,
                Status = status,
                SeverityId = "sev1",
                SeverityReason = "test",
                Reporter = new UserRef(ChannelKind.Local, "rita", "Rita"),
                ReportedIn = new ConversationRef(ChannelKind.Local, "dm:rita", true),
                Answers = new Dictionary<string, string>(),
                OpenedAt = T0,
                ResponseDueAt = T0 + Duration.FromMinutes(15),
                ResolvedAt = status.IsOpen() ? null : T0,
                ClosedAt = status == CaseStatus.Closed ? T0 : null,
                Rating = rating,
                BridgeKey = bridge,
            };
            var events = log.Select((type, i) => new CaseEvent(id, T0 + Duration.FromSeconds(i), CaseEvent.System, "SupportBot", type, type, new Dictionary<string, string>()));
            var step = new EngineStep();
            step.Cases.Add(new CaseChange(c, 0, [.. events]));
            await store.RunAsync(new StepRequest(null, null, T0), _ => step, CancellationToken.None);
        }
        await Add("resolved", CaseStatus.Resolved, null, null, "resolved");
        await Add("closed-rating-to-come", CaseStatus.Closed, null, null, "resolved", "confirmed-fixed");
        await Add("closed-rating-asked", CaseStatus.Closed, null, null, "resolved", "csat-requested", "auto-closed");
        await Add("closed-postmortem-to-come", CaseStatus.Closed, 5, "bridge", "resolved", "rated");
        await Add("closed-postmortem-sent", CaseStatus.Closed, 5, "bridge", "resolved", "rated", "postmortem-reminder");
        await Add("closed-resolved-again", CaseStatus.Closed, null, null, "resolved", "csat-requested", "reopened", "resolved", "confirmed-fixed");
        await Add("closed-rated", CaseStatus.Closed, 4, null, "resolved", "rated");
        await Add("fixed-at-first-contact", CaseStatus.Closed, null, null, "resolved-at-first-contact");
        await Add("open", CaseStatus.InProgress, null, null, "opened");

        using var connection = db.Database.Open();
        var ids = FollowUpCases.Ids(connection, db.Database.Dialect);

        Assert.Equal(["closed-postmortem-to-come", "closed-rating-to-come", "closed-resolved-again", "resolved"], ids.Order(StringComparer.Ordinal));
    }
}
