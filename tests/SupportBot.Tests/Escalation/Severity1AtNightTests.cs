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
    /// after it, 30m x 3 + 40m x 3 + 15m x 3 = 4h15m, so 10:15.
    /// </summary>
    public static readonly TimeSpan Until = TimeSpan.FromMinutes(8 * 60 + 15);

    public const string Title = "Wifi down";

    /// <summary>The answers the local intake submits (a global connectivity outage), without the card's bookkeeping.</summary>
    public static IReadOnlyDictionary<string, string> Answers =>
        LocalPeople.Severity1Answers(Title).Where(a => a.Key != "shown").ToDictionary();

    private const string L2 = "Example L2 Engineer One";
    private const string L3 = "Example Network Engineer";
    private const string Manager = "Example Manager Americas";
    private const string Duty = "Example Manager EMEA";

    /// <summary>
    /// Severity 1 in operational-guide.yml: response 15m, updates every 30m, resolution 4h, all 24x7,
    /// with a bridge; reminders at 50%, 80% and 100% of the response target. Its ladder follows the
    /// guide's timing: level 1 L2 engineering at 30m (ack 30m, 2 repeats), level 2 L3 network
    /// engineering at 2h (ack 40m, 2 repeats), level 3 escalation manager at the resolution breach
    /// (ack 15m, 2 repeats). An unacknowledged level moves on after ack timeout x (repeats + 1),
    /// which here is exactly when the next level's own trigger falls, so L3 is paged at 2h and the
    /// managers at 4h, not earlier. Timers due at the same instant fire in the order they were set.
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
        new("03:00", "update-reminder", ""),
        new("03:00", "page-timeout", ""),                  // no ack within 30m
        new("03:00", "paged", L2),                         // repeat 1 of 2
        new("03:30", "update-reminder", ""),
        new("03:30", "page-timeout", ""),
        new("03:30", "paged", L2),                         // repeat 2 of 2
        new("04:00", "paged", L3),                         // level 2's own trigger, 2h, set at opening so before the reminder: everyone in l3-network
        new("04:00", "update-reminder", ""),
        new("04:30", "update-reminder", ""),
        new("04:40", "page-timeout", ""),                  // ack timeout 40m
        new("04:40", "paged", L3),
        new("05:00", "update-reminder", ""),
        new("05:20", "page-timeout", ""),
        new("05:20", "paged", L3),
        new("05:30", "update-reminder", ""),
        new("06:00", "paged", Manager),                    // level 3's trigger, the resolution breach at 4h; follow-the-sun: Fri 16:30 in Los Angeles is in manager-1's hours
        new("06:00", "update-reminder", ""),
        new("06:15", "page-timeout", ""),                  // ack timeout 15m
        new("06:15", "paged", Manager),
        new("06:30", "update-reminder", ""),
        new("06:30", "page-timeout", ""),
        new("06:30", "paged", Duty),                       // repeat 2 at Fri 17:00 in Los Angeles: no manager at work, so the duty manager of the rota (week 46 of three: manager-2)
        new("06:45", "page-timeout", ""),
        new("06:45", "ladder-exhausted", ""),              // last level unanswered: triage and the managers' channel are told
        new("07:00", "update-reminder", ""),
        new("07:30", "update-reminder", ""),
        new("08:00", "update-reminder", ""),
        new("08:30", "update-reminder", ""),
        new("09:00", "update-reminder", ""),
        new("09:30", "update-reminder", ""),
        new("10:00", "update-reminder", ""),
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
