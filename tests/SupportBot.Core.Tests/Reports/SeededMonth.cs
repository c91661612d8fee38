using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Reports;
using static SupportBot.Core.Tests.Reports.ReportPolicy;

namespace SupportBot.Core.Tests.Reports;

/// <summary>
/// March 2026 in London, played through the engine (times UTC; London is on UTC until 29 March):
/// <list type="bullet">
/// <item>C1 Severity 2, Mon 2 Mar 10:00: claimed 10:20, resolved 14:00 by the same agent, rated 5.</item>
/// <item>C2 Severity 3 (business hours), Fri 6 Mar 16:00: claimed Mon 09:30, waiting on the customer
/// from Mon 09:45 until their reply on Tue 11:45 (10 working hours paused), resolved Wed 11 Mar 15:00.</item>
/// <item>C3 Severity 1, Tue 10 Mar 08:00: no response, so on-call is paged at 08:15 and again at 08:25 and
/// acknowledges at 08:30; claimed 08:40 (response late); resolved Thu 12 Mar 11:00, past 2 working days
/// (Thu 09:00), so a 5% credit; rated 2.</item>
/// <item>C4 Severity 2, Mon 16 Mar 09:00: claimed 09:10, resolved 11:00, reopened 13:00, resolved again
/// 18:00 (due 17:00 moved by the 2 h it spent resolved: 19:00), rated 4.</item>
/// <item>C5 Severity 3, Wed 18 Mar 12:00: claimed 12:30, escalated to L2 at 13:00, resolved Thu 10:00 by another agent.</item>
/// <item>C6 Severity 2, Mon 23 Mar 14:00: claimed at 16:00 (response due 15:00), resolved 20:00, rated 3.</item>
/// <item>C7 Severity 1, Mon 30 Mar 22:00: claimed 22:05, still open when the report is made.</item>
/// <item>C8, Tue 31 Mar 23:30 UTC, is already 1 April in London: not March's.</item>
/// </list>
/// The report is made on Wed 1 Apr at 09:00 London time (08:00 UTC).
/// </summary>
public sealed class SeededMonth
{
    public static readonly Instant AsOf = Utc(4, 1, 8, 0);

    private static readonly Dictionary<string, string> Fixed = new() { ["outcome"] = "fixed", ["summary"] = "Done" };

    public SeededMonth()
    {
        var m = Driver;
        C1 = m.At(Utc(3, 2, 10, 0)).Report("rita", "wifi", "region", "emea", "Acme", "Wifi slow in the London office");
        m.At(Utc(3, 2, 10, 20)).Agent(Agent1, C1, Verbs.Claim);
        m.At(Utc(3, 2, 10, 30)).Agent(Agent1, C1, Verbs.PostUpdate, new() { ["update"] = "Looking at the access points" });
        m.At(Utc(3, 2, 14, 0)).Agent(Agent1, C1, Verbs.Resolve, Fixed);
        m.At(Utc(3, 2, 15, 0)).Reporter(C1, Verbs.ReporterFixed, new() { ["rating"] = "5" });

        C2 = m.At(Utc(3, 6, 16, 0)).Report("gus", "billing", "one", "amer", "Globex", "Invoice shows the wrong plan");
        m.At(Utc(3, 9, 9, 30)).Agent(Agent2, C2, Verbs.Claim);
        m.At(Utc(3, 9, 9, 45)).Agent(Agent2, C2, Verbs.AskReporter, new() { ["question"] = "Which invoice number?" });

        C3 = m.At(Utc(3, 10, 8, 0)).Report("ada", "wifi", "everyone", "emea", "Acme", "Wifi down everywhere");
        m.At(Utc(3, 10, 8, 30)).Acknowledge(Oncall, C3, 1);
        m.At(Utc(3, 10, 8, 40)).Agent(Agent1, C3, Verbs.Claim);
        m.At(Utc(3, 10, 8, 50)).Agent(Agent1, C3, Verbs.PostUpdate, new() { ["update"] = "Controller restarted" });
        m.At(Utc(3, 10, 11, 45)).ReporterSays(C2, "INV-2041");
        m.At(Utc(3, 11, 15, 0)).Agent(Agent2, C2, Verbs.Resolve, Fixed);
        m.At(Utc(3, 12, 11, 0)).Agent(Agent1, C3, Verbs.Resolve, Fixed);
        m.At(Utc(3, 12, 12, 0)).Reporter(C3, Verbs.ReporterRate, new() { ["rating"] = "2" });

        C4 = m.At(Utc(3, 16, 9, 0)).Report("ivy", "vpn", "region", "apac", "Initech", "VPN drops every hour");
        m.At(Utc(3, 16, 9, 10)).Agent(Agent1, C4, Verbs.Claim);
        m.At(Utc(3, 16, 9, 20)).Agent(Agent1, C4, Verbs.PostUpdate, new() { ["update"] = "Checking the tunnel" });
        m.At(Utc(3, 16, 11, 0)).Agent(Agent1, C4, Verbs.Resolve, Fixed);
        m.At(Utc(3, 16, 13, 0)).Reporter(C4, Verbs.ReporterBroken, new() { ["comment"] = "Dropped again" });
        m.At(Utc(3, 16, 18, 0)).Agent(Agent1, C4, Verbs.Resolve, Fixed);
        m.At(Utc(3, 16, 18, 30)).Reporter(C4, Verbs.ReporterRate, new() { ["rating"] = "4" });

        C5 = m.At(Utc(3, 18, 12, 0)).Report("ed", "email", "one", "emea", null, "Mailbox full");
        m.At(Utc(3, 18, 12, 30)).Agent(Agent1, C5, Verbs.Claim);
        m.At(Utc(3, 18, 13, 0)).Agent(Agent1, C5, Verbs.EscalateTier, new() { ["escalateReason"] = "Needs an admin" });
        m.At(Utc(3, 19, 10, 0)).Agent(Agent2, C5, Verbs.Resolve, Fixed);

        C6 = m.At(Utc(3, 23, 14, 0)).Report("gina", "wifi", "region", "amer", "Globex", "Wifi down in Boston");
        m.At(Utc(3, 23, 16, 0)).Agent(Agent2, C6, Verbs.Claim);
        m.At(Utc(3, 23, 16, 10)).Agent(Agent2, C6, Verbs.PostUpdate, new() { ["update"] = "On it" });
        m.At(Utc(3, 23, 20, 0)).Agent(Agent2, C6, Verbs.Resolve, Fixed);
        m.At(Utc(3, 23, 21, 0)).Reporter(C6, Verbs.ReporterFixed, new() { ["rating"] = "3" });

        C7 = m.At(Utc(3, 30, 22, 0)).Report("alan", "vpn", "everyone", "emea", "Acme", "VPN down everywhere");
        m.At(Utc(3, 30, 22, 5)).Agent(Agent1, C7, Verbs.Claim);
        m.At(Utc(3, 30, 22, 10)).Agent(Agent1, C7, Verbs.PostUpdate, new() { ["update"] = "Investigating" });

        C8 = m.At(Utc(3, 31, 23, 30)).Report("otto", "email", "one", "emea", null, "Opened on 1 April in London");
        m.At(AsOf);
    }

    public MonthDriver Driver { get; } = new(Create());
    public CaseRecord C1 { get; }
    public CaseRecord C2 { get; }
    public CaseRecord C3 { get; }
    public CaseRecord C4 { get; }
    public CaseRecord C5 { get; }
    public CaseRecord C6 { get; }
    public CaseRecord C7 { get; }
    public CaseRecord C8 { get; }

    public MonthlyReport Report() => MonthlyReport.Build(Driver.Policy, new YearMonth(2026, 3), Driver.Histories(), AsOf);

    public Kpis Kpis() => KpiCalculator.Compute(Driver.Policy, Driver.Histories(), ReportPeriod.Month(new YearMonth(2026, 3), London), AsOf);

    public static Instant Utc(int month, int day, int hour, int minute) => Instant.FromUtc(2026, month, day, hour, minute);
}
