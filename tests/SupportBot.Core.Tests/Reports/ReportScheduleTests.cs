using NodaTime;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Tests.Reports;

public sealed class ReportScheduleTests
{
    private static readonly YearMonth July = new(2026, 7);

    [Fact]
    public void A_month_is_posted_when_the_business_day_opens_on_the_first_working_day_of_the_next()
    {
        // 1 April 2026 is a Wednesday; London is on BST (09:00 is 08:00 UTC).
        Assert.Equal(Instant.FromUtc(2026, 4, 1, 8, 0), ReportSchedule.PostAt(ReportPolicy.Create(), new YearMonth(2026, 3)));
    }

    [Fact]
    public void A_month_that_starts_on_a_weekend_waits_for_monday_and_a_holiday_moves_it_on_again()
    {
        // 1 August 2026 is a Saturday.
        Assert.Equal(Instant.FromUtc(2026, 8, 3, 8, 0), ReportSchedule.PostAt(ReportPolicy.Create(), July));

        var bankHoliday = ReportPolicy.Create(new HashSet<LocalDate> { new(2026, 8, 3) });
        Assert.Equal(Instant.FromUtc(2026, 8, 4, 8, 0), ReportSchedule.PostAt(bankHoliday, July));
    }

    [Fact]
    public void Last_months_report_is_due_from_its_posting_time_and_not_a_minute_before()
    {
        var policy = ReportPolicy.Create();

        Assert.Null(ReportSchedule.Due(policy, Instant.FromUtc(2026, 8, 1, 9, 0)));
        Assert.Null(ReportSchedule.Due(policy, Instant.FromUtc(2026, 8, 3, 7, 59)));
        Assert.Equal(July, ReportSchedule.Due(policy, Instant.FromUtc(2026, 8, 3, 8, 0)));
        Assert.Equal(July, ReportSchedule.Due(policy, Instant.FromUtc(2026, 8, 31, 22, 59)));
    }

    [Fact]
    public void With_only_24x7_calendars_every_day_is_a_working_day_and_the_post_waits_for_nine_in_the_display_zone()
    {
        var policy = ReportPolicy.Create() with { Calendars = new Dictionary<string, WorkCalendar> { ["24x7"] = WorkCalendar.TwentyFourSeven() } };

        Assert.Null(ReportSchedule.Calendar(policy));
        Assert.Equal(Instant.FromUtc(2026, 8, 1, 8, 0), ReportSchedule.PostAt(policy with { Reports = new ReportSettings(policy.Reports.Targets, null) }, July));
    }

    [Fact]
    public void The_credit_rules_calendar_is_the_business_calendar_when_it_names_one()
    {
        var policy = ReportPolicy.Create();
        var other = policy.Calendar("business") with { Id = "other", Holidays = new HashSet<LocalDate> { new(2026, 8, 3) } };
        policy = policy with
        {
            Calendars = new Dictionary<string, WorkCalendar> { ["24x7"] = WorkCalendar.TwentyFourSeven(), ["business"] = policy.Calendar("business"), ["other"] = other },
            Reports = policy.Reports with { Credit = policy.Reports.Credit! with { OutageLongerThan = SlaTarget.Days(2, "other") } },
        };

        Assert.Equal("other", ReportSchedule.Calendar(policy)!.Id);
        Assert.Equal(Instant.FromUtc(2026, 8, 4, 8, 0), ReportSchedule.PostAt(policy, July));
    }
}
