using NodaTime;
using SupportBot.Core.Reports;

namespace SupportBot.Core.Tests.Reports;

/// <summary>The KPIs of the seeded March (see <see cref="SeededMonth"/>), each figure worked out by hand.</summary>
public sealed class KpiCalculatorTests
{
    private static readonly SeededMonth Month = new();
    private static readonly Kpis Kpis = Month.Kpis();

    private static Duration Min(double minutes) => Duration.FromMinutes(minutes);

    private static Duration Hours(double hours) => Duration.FromHours(hours);

    private static CaseMeasure Case(string number) => Kpis.Cases.Single(c => c.Case.Number == number);

    private static GroupFigures Severity(string id) => Kpis.BySeverity.Single(s => s.Id == id);

    [Fact]
    public void Counts_the_cases_opened_in_the_month_in_the_policys_zone()
    {
        // C8 was opened at 23:30 UTC on 31 March: 00:30 on 1 April in London (BST).
        Assert.Equal(["SUP-000001", "SUP-000002", "SUP-000003", "SUP-000004", "SUP-000005", "SUP-000006", "SUP-000007"],
            Kpis.Cases.Select(c => c.Case.Number));
        Assert.Equal(7, Kpis.Total.Cases);
        Assert.Equal(Instant.FromUtc(2026, 3, 31, 23, 0), Kpis.Period.End);
    }

    [Fact]
    public void First_response_is_working_time_on_the_severitys_calendar_median_and_p90()
    {
        // C2 (business hours) opened Fri 16:00 and was claimed Mon 09:30: 1 h on Friday + 30 min on Monday.
        Assert.Equal(Min(90), Case("SUP-000002").FirstResponse);
        // 5, 10, 20, 30, 40, 90, 120 minutes (C7, C4, C1, C5, C3, C2, C6).
        Assert.Equal(new DurationStats(7, Min(45), Min(30), Min(120)), Kpis.Total.FirstResponse);
    }

    [Fact]
    public void Time_to_resolve_leaves_out_the_time_waiting_on_the_customer_and_the_time_resolved_before_a_reopen()
    {
        // C2: Fri 1 h + Mon 8 h + Tue 8 h + Wed 6 h of business hours, less 10 h waiting (Mon 09:45-17:00, Tue 09:00-11:45).
        Assert.Equal(Hours(13), Case("SUP-000002").TimeToResolve);
        Assert.Equal(Instant.FromUtc(2026, 3, 12, 10, 0), Case("SUP-000002").ResolutionDue);
        // C4: 09:00 to 18:00 less the 2 h it was resolved before the reopen.
        Assert.Equal(Hours(7), Case("SUP-000004").TimeToResolve);
        Assert.Equal(ClockResult.Met, Case("SUP-000004").Resolution);
        // 4, 6, 6, 7, 13, 51 hours (C1, C5, C6, C4, C2, C3); C7 is still open.
        Assert.Equal(new DurationStats(6, Hours(14.5), Hours(6.5), Hours(51)), Kpis.Total.TimeToResolve);
    }

    [Fact]
    public void Sla_attainment_counts_targets_met_of_those_decided_and_an_open_case_past_its_due_time_as_missed()
    {
        Assert.Equal(new Attainment(5, 7), Kpis.Total.Response);
        Assert.Equal(new Attainment(5, 7), Kpis.Total.Resolution);
        Assert.Equal(ClockResult.Missed, Case("SUP-000007").Resolution);
        Assert.Equal((ClockResult.Missed, ClockResult.Missed), (Case("SUP-000003").Response, Case("SUP-000003").Resolution));
        Assert.Equal((ClockResult.Missed, ClockResult.Met), (Case("SUP-000006").Response, Case("SUP-000006").Resolution));
        Assert.Equal(["SUP-000003", "SUP-000006", "SUP-000007"], Kpis.Breaches.Select(b => b.Case.Number));
    }

    [Fact]
    public void First_contact_resolution_is_resolved_by_the_first_owner_with_no_reopen_and_no_escalation()
    {
        // C1, C2 and C6 count; C3 was paged, C4 reopened, C5 escalated to L2 and resolved by another agent.
        Assert.Equal([true, true, false, false, false, true, null], Kpis.Cases.Select(c => c.FirstContactResolution));
        Assert.Equal(new Ratio(3, 6), Kpis.Total.FirstContactResolution);
    }

    [Fact]
    public void Csat_is_the_average_of_the_ratings_given()
    {
        Assert.Equal(new Csat(4, 3.5), Kpis.Total.Csat);
    }

    [Fact]
    public void Pages_count_each_page_and_acknowledgement_counts_from_the_levels_first_page()
    {
        Assert.Equal(2, Kpis.Total.Pages.Sent);
        Assert.Equal(new DurationStats(1, Min(15), Min(15), Min(15)), Kpis.Total.Pages.AckTime);
    }

    [Fact]
    public void A_severity_1_outage_longer_than_two_working_days_earns_the_credit_and_one_still_short_of_it_does_not()
    {
        var credit = Assert.Single(Kpis.Credits);
        Assert.Equal(("SUP-000003", "Acme", 5.0, false), (credit.CaseNumber, credit.Customer, credit.Percent, credit.Ongoing));
        // Opened Tue 08:00, before the business day: two working days run from Tue 09:00 to Thu 09:00.
        Assert.Equal(Instant.FromUtc(2026, 3, 12, 9, 0), credit.LongerThanFrom);
        Assert.Null(Case("SUP-000007").Credit);
        Assert.Equal((1, 5.0), (Kpis.Total.Credits, Kpis.Total.CreditPercent));
    }

    [Fact]
    public void Each_severity_has_its_own_figures()
    {
        var sev1 = Severity("sev1").Figures;
        Assert.Equal(2, sev1.Cases);
        Assert.Equal(new DurationStats(2, Min(22.5), Min(22.5), Min(40)), sev1.FirstResponse);
        Assert.Equal((new Attainment(1, 2), new Attainment(0, 2)), (sev1.Response, sev1.Resolution));
        Assert.Equal(new DurationStats(1, Hours(51), Hours(51), Hours(51)), sev1.TimeToResolve);
        Assert.Equal((2, 2, 1), (sev1.Pages.Sent, sev1.Breached, sev1.Credits));

        var sev2 = Severity("sev2").Figures;
        Assert.Equal(3, sev2.Cases);
        Assert.Equal(new DurationStats(3, Min(50), Min(20), Min(120)), sev2.FirstResponse);
        Assert.Equal((new Attainment(2, 3), new Attainment(3, 3)), (sev2.Response, sev2.Resolution));
        Assert.Equal(new DurationStats(3, Hours(17.0 / 3), Hours(6), Hours(7)), sev2.TimeToResolve);
        Assert.Equal((new Ratio(2, 3), new Csat(3, 4.0), 1), (sev2.FirstContactResolution, sev2.Csat, sev2.Breached));

        var sev3 = Severity("sev3").Figures;
        Assert.Equal(new DurationStats(2, Min(60), Min(60), Min(90)), sev3.FirstResponse);
        Assert.Equal(new DurationStats(2, Hours(9.5), Hours(9.5), Hours(13)), sev3.TimeToResolve);
        Assert.Equal((new Attainment(2, 2), new Attainment(2, 2), new Ratio(1, 2), new Csat(0, null)), (sev3.Response, sev3.Resolution, sev3.FirstContactResolution, sev3.Csat));
    }

    [Fact]
    public void Volumes_by_category_and_region_are_ordered_by_count_then_name()
    {
        Assert.Equal([("Wi-Fi", 3), ("VPN", 2), ("Billing", 1), ("Email", 1)], Kpis.TopCategories.Select(g => (g.Name, g.Figures.Cases)));
        Assert.Equal([("EMEA", 4), ("Americas", 2), ("Asia Pacific", 1)], Kpis.ByRegion.Select(g => (g.Name, g.Figures.Cases)));
    }

    [Fact]
    public void The_report_checks_the_policys_targets_against_all_severities()
    {
        var report = Month.Report();

        Assert.Equal(
            [("first_response", 30.0, true), ("mttr", 870.0, false), ("first_contact_resolution", 0.5, true), ("csat", 3.5, false)],
            report.Targets.Select(t => (t.Id, t.Actual!.Value, t.Met!.Value)));
        Assert.Equal((20, 40), report.UnmeasuredNps);
    }

    [Fact]
    public void A_target_not_due_yet_is_left_out_rather_than_missed()
    {
        // At 22:03 on 30 March, nobody has responded to C7 yet but its 15 minutes are not up.
        var early = KpiCalculator.Compute(Month.Driver.Policy, Month.Driver.Histories().Where(h => h.Case.Number == "SUP-000007")
            .Select(h => h with { Case = h.Case with { FirstResponseAt = null } }), Kpis.Period, Instant.FromUtc(2026, 3, 30, 22, 3));

        Assert.Equal((ClockResult.Undecided, ClockResult.Undecided), (early.Cases[0].Response, early.Cases[0].Resolution));
        Assert.Equal((new Attainment(0, 0), (double?)null), (early.Total.Response, early.Total.Response.Rate));
    }

    [Fact]
    public void A_case_of_a_severity_the_policy_no_longer_has_is_named_and_left_out_of_every_figure()
    {
        var histories = Month.Driver.Histories().Select(h => h.Case.Number == "SUP-000001" ? h with { Case = h.Case with { SeverityId = "sev0" } } : h);

        var kpis = KpiCalculator.Compute(Month.Driver.Policy, histories, Kpis.Period, SeededMonth.AsOf);

        Assert.Equal(["SUP-000001"], kpis.NotMeasured.Select(c => c.Number));
        Assert.Equal(6, kpis.Total.Cases);
        Assert.Equal(new Csat(3, 3.0), kpis.Total.Csat);
        Assert.Contains("Not counted: SUP-000001 (sev0), of severities the policy no longer has.",
            ReportText.Write(Month.Report() with { Kpis = kpis }), StringComparison.Ordinal);
    }
}
