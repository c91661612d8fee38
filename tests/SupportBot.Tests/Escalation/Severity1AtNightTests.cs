using System.Globalization;
using NodaTime;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Escalation;

/// <summary>One line of the expected case log: local time in <see cref="Severity1AtNight.Zone"/>, event type, and who it concerns.</summary>
public sealed record LogLine(string Time, string Type, string Who);

/// <summary>
/// Issue 3's example: a Severity 1 raised at 02:00 on a Saturday in Asia/Kolkata under the default
/// preset, and nobody answers. The engine test on the real store and the dry-run command test both
/// assert <see cref="Expected"/>.
/// </summary>
public static class Severity1AtNight
{
    public const string Zone = "Asia/Kolkata";

    /// <summary>Saturday 28 November 2026, 02:00 in Kolkata (UTC+05:30): Friday 20:30 UTC.</summary>
    public const string At = "2026-11-28T02:00";

    public static readonly DateTimeOffset Utc = new(2026, 11, 27, 20, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// Where both runs stop, the dry run's default: resolution due at 06:00, plus what the ladder needs
    /// after it, 10m x 3 + 10m x 3 + 15m x 3 = 1h45m, so 07:45.
    /// </summary>
    public static readonly TimeSpan Until = TimeSpan.FromMinutes(5 * 60 + 45);

    public const string Title = "Wifi down";

    /// <summary>The answers the local intake submits (a global connectivity outage), without the card's bookkeeping.</summary>
    public static IReadOnlyDictionary<string, string> Answers =>
        LocalPeople.Severity1Answers(Title).Where(a => a.Key != "shown").ToDictionary();

    private const string L2 = "Example L2 Engineer One";
    private const string L3 = "Example Network Engineer";
    private const string Manager = "Example Manager Americas";

    /// <summary>
    /// Severity 1 in operational-guide.yml: response 15m, updates every 30m, resolution 4h, all 24x7,
    /// with a bridge; reminders at 50%, 80% and 100% of the response target. Its ladder: level 1 L2
    /// engineering at 30m (ack 10m, 2 repeats), level 2 L3 network engineering at 2h (ack 10m,
    /// 2 repeats), level 3 escalation manager at the resolution breach (ack 15m, 2 repeats). An
    /// unacknowledged level moves on after ack timeout x (repeats + 1), which here comes before the
    /// next level's own trigger, so those triggers (04:00, 06:00) find the ladder past them: the elapsed one does
    /// nothing, the resolution breach is logged and told to triage without paging anyone again.
    /// Timers due at the same instant fire in the order they were set.
    /// </summary>
    public static readonly IReadOnlyList<LogLine> Expected =
    [
        new("02:00", "opened", ""),
        new("02:00", "bridge-opened", ""),                 // Severity 1 opens a bridge at once
        new("02:07", "response-reminder", ""),             // 50% of 15m (02:07:30)
        new("02:12", "response-reminder", ""),             // 80%
        new("02:15", "response-breached", ""),             // 100%: the sev1 ladder has no response-breach level, so no page
        new("02:30", "update-reminder", ""),               // every 30m to the bridge (nobody owns the case); set before the ladder, so first
        new("02:30", "paged", L2),                         // level 1 at 30m: rota l2-weekly, Europe/London, hand-off Mon 09:00 from 5 Jan; 23 Nov is week 46, even, so l2-1
        new("02:40", "page-timeout", ""),                  // no ack within 10m
        new("02:40", "paged", L2),                         // repeat 1 of 2
        new("02:50", "page-timeout", ""),
        new("02:50", "paged", L2),                         // repeat 2 of 2
        new("03:00", "update-reminder", ""),
        new("03:00", "page-timeout", ""),                  // level 1 unanswered after 3 pages (30m) ...
        new("03:00", "paged", L3),                         // ... so level 2 now, before its own 2h trigger: everyone in l3-network
        new("03:10", "page-timeout", ""),
        new("03:10", "paged", L3),
        new("03:20", "page-timeout", ""),
        new("03:20", "paged", L3),
        new("03:30", "update-reminder", ""),
        new("03:30", "page-timeout", ""),                  // level 2 unanswered after 3 pages ...
        new("03:30", "paged", Manager),                    // ... so level 3 (follow-the-sun): Fri 14:00 in Los Angeles is in manager-1's hours
        new("03:45", "page-timeout", ""),                  // ack timeout 15m
        new("03:45", "paged", Manager),
        new("04:00", "update-reminder", ""),               // the level 2 trigger (2h) fires first and does nothing: the ladder is at level 3
        new("04:00", "page-timeout", ""),
        new("04:00", "paged", Manager),
        new("04:15", "page-timeout", ""),
        new("04:15", "ladder-exhausted", ""),              // last level unanswered: triage and the managers' channel are told
        new("04:30", "update-reminder", ""),
        new("05:00", "update-reminder", ""),
        new("05:30", "update-reminder", ""),
        new("06:00", "resolution-breached", ""),           // level 3's trigger (set at 02:00) finds the ladder past it: logged and told to triage, nobody paged again
        new("06:00", "update-reminder", ""),
        new("06:30", "update-reminder", ""),
        new("07:00", "update-reminder", ""),
        new("07:30", "update-reminder", ""),
    ];

    /// <summary>An instant as the expected lines write it.</summary>
    public static string LocalTime(Instant at) =>
        at.InZone(DateTimeZoneProviders.Tzdb[Zone]).ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The example on the real app and store: local endpoints, the SQLite file, and the timer sweep on a test clock.</summary>
public sealed class Severity1AtNightTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-sev1-").FullName;
    private readonly TestClock clock = new(Severity1AtNight.Utc);

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    [Fact]
    public async Task A_Severity_1_at_02_00_on_a_Saturday_in_Kolkata_with_nobody_answering_pages_each_level_in_turn_until_the_ladder_is_exhausted()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", Severity1AtNight.Title);

        var end = Severity1AtNight.Utc + Severity1AtNight.Until;
        var sweeper = host.Get<TimerSweeper>();
        for (var sweeps = 0; NextDue() is { } due && due <= end; sweeps++)
        {
            Assert.True(sweeps < 200, "the timers never ran out");
            var wait = due - clock.GetUtcNow();
            clock.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            await sweeper.SweepAsync(CancellationToken.None);
        }

        Assert.Equal(Severity1AtNight.Expected, Log());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp folder's cleaner.
        }
    }

    private DateTimeOffset? NextDue() =>
        Db.Rows<long?>("SELECT min(due_at) FROM timers WHERE status = 'pending'").Single() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>The case log as committed, with the people each page was sent to (from the outbox), or whoever acted.</summary>
    private List<LogLine> Log() =>
        Db.Rows<(long At, string Type, string ActorKey, string ActorName)>("SELECT at, type, actor_key, actor_name FROM case_events ORDER BY id")
            .Select(e => new LogLine(Severity1AtNight.LocalTime(Instant.FromUnixTimeMilliseconds(e.At)), e.Type, e.Type == "paged"
                ? string.Join(", ", PagedAt(e.At).Distinct())
                : e.ActorKey == "system" ? "" : e.ActorName))
            .ToList();

    private IReadOnlyList<string> PagedAt(long at) => Db.Rows<string>(
        "SELECT json_extract(payload, '$.to.name') FROM outbox WHERE created_at = @at " +
        "AND json_extract(payload, '$.op') = 'direct' AND json_extract(payload, '$.message.template') = 'page' ORDER BY id",
        new { at });
}
