using NodaTime;
using SupportBot.Core.Sla;
using static SupportBot.Core.Tests.Sla.Calendars;

namespace SupportBot.Core.Tests.Sla;

public sealed class WorkingTimeTests
{
    // Europe/London is GMT (UTC+0) until 2026-03-29 01:00 UTC, then BST (UTC+1) until 2026-10-25 01:00 UTC.
    static readonly Instant TuesdayMorning = Instant.FromUtc(2026, 3, 3, 10, 0);          // 10:00 GMT
    static readonly Instant TuesdayEarly = Instant.FromUtc(2026, 3, 3, 7, 0);             // 07:00 GMT, before opening
    static readonly Instant ThursdayAfternoon = Instant.FromUtc(2026, 3, 5, 15, 0);       // 15:00 GMT
    static readonly Instant FridayAfternoon = Instant.FromUtc(2026, 3, 6, 15, 0);         // 15:00 GMT
    static readonly Instant FridayClosing = Instant.FromUtc(2026, 3, 6, 17, 0);           // 17:00 GMT
    static readonly Instant SaturdayNoon = Instant.FromUtc(2026, 3, 7, 12, 0);            // 12:00 GMT
    static readonly Instant MondayOpening = Instant.FromUtc(2026, 3, 9, 9, 0);            // 09:00 GMT
    static readonly Instant FridayBeforeSpringForward = Instant.FromUtc(2026, 3, 27, 15, 0); // 15:00 GMT
    static readonly Instant SpringForwardSundayStart = Instant.FromUtc(2026, 3, 29, 0, 0);   // 00:00 GMT
    static readonly Instant FridayBeforeMayDay = Instant.FromUtc(2026, 5, 1, 14, 0);      // 15:00 BST
    static readonly Instant FridayBeforeFallBack = Instant.FromUtc(2026, 10, 23, 14, 0);  // 15:00 BST
    static readonly Instant FallBackSundayStart = Instant.FromUtc(2026, 10, 24, 23, 0);   // 00:00 BST
    static readonly Instant WednesdayBeforeChristmas = Instant.FromUtc(2026, 12, 23, 10, 0); // 10:00 GMT

    // America/New_York springs forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00 UTC).
    static readonly Instant NewYorkFridayAfternoon = Instant.FromUtc(2026, 3, 6, 21, 0);  // 16:00 EST
    static readonly Instant NewYorkSpringForwardSundayStart = Instant.FromUtc(2026, 3, 8, 5, 0); // 00:00 EST

    static readonly WorkCalendar London = LondonOffice();

    [Fact]
    public void A_target_inside_business_hours_ends_the_same_day()
    {
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 14, 0), WorkingTime.Add(London, TuesdayMorning, Duration.FromHours(4)));
    }

    [Fact]
    public void A_target_used_up_exactly_at_closing_is_due_at_closing()
    {
        Assert.Equal(FridayClosing, WorkingTime.Add(London, FridayAfternoon, Duration.FromHours(2)));
    }

    [Fact]
    public void A_target_that_crosses_a_weekend_resumes_on_monday()
    {
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 11, 0), WorkingTime.Add(London, FridayAfternoon, Duration.FromHours(4)));
    }

    [Fact]
    public void A_target_skips_a_bank_holiday_monday()
    {
        // Monday 2026-05-04 is a holiday, so Friday 15:00 + 4h lands on Tuesday 11:00 BST.
        Assert.Equal(Instant.FromUtc(2026, 5, 5, 10, 0), WorkingTime.Add(London, FridayBeforeMayDay, Duration.FromHours(4)));
    }

    [Fact]
    public void A_target_across_the_spring_forward_weekend_keeps_local_office_hours()
    {
        // Monday 11:00 BST is 10:00 UTC: the weekend was an hour shorter, the working hours were not.
        Assert.Equal(Instant.FromUtc(2026, 3, 30, 10, 0), WorkingTime.Add(London, FridayBeforeSpringForward, Duration.FromHours(4)));
    }

    [Fact]
    public void A_period_spanning_the_spring_forward_gap_is_an_hour_shorter()
    {
        var nightShift = Build("night", "Europe/London", [IsoDayOfWeek.Sunday], [Period(0, 4)]);

        Assert.Equal(Duration.FromHours(3), WorkingTime.Between(nightShift, SpringForwardSundayStart, SpringForwardSundayStart + Duration.FromDays(1)));
        Assert.Equal(Instant.FromUtc(2026, 3, 29, 3, 0), WorkingTime.Add(nightShift, SpringForwardSundayStart, Duration.FromHours(3)));
        Assert.Equal(Instant.FromUtc(2026, 4, 5, 0, 0), WorkingTime.Add(nightShift, SpringForwardSundayStart, Duration.FromHours(4)));
        // 01:30 does not exist that night; the lenient resolver moves it to 02:30 BST, leaving 30 minutes to 03:00.
        var fromInsideGap = Build("gap", "Europe/London", [IsoDayOfWeek.Sunday], [Period(1, 3, 30)]);
        Assert.Equal(Duration.FromMinutes(30), WorkingTime.Between(fromInsideGap, SpringForwardSundayStart, SpringForwardSundayStart + Duration.FromDays(1)));
    }

    [Fact]
    public void A_target_across_the_fall_back_weekend_keeps_local_office_hours()
    {
        // Monday 11:00 GMT is 11:00 UTC, an hour later in UTC than the Friday start's offset suggests.
        Assert.Equal(Instant.FromUtc(2026, 10, 26, 11, 0), WorkingTime.Add(London, FridayBeforeFallBack, Duration.FromHours(4)));
    }

    [Fact]
    public void A_period_spanning_the_fall_back_overlap_is_an_hour_longer()
    {
        var nightShift = Build("night", "Europe/London", [IsoDayOfWeek.Sunday], [Period(0, 4)]);

        Assert.Equal(Duration.FromHours(5), WorkingTime.Between(nightShift, FallBackSundayStart, FallBackSundayStart + Duration.FromDays(1)));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 4, 0), WorkingTime.Add(nightShift, FallBackSundayStart, Duration.FromHours(5)));
        // 01:30 happens twice that night; the lenient resolver takes the earlier (BST), so 01:30-03:00 lasts 2.5 hours.
        var fromInsideOverlap = Build("overlap", "Europe/London", [IsoDayOfWeek.Sunday], [Period(1, 3, 30)]);
        Assert.Equal(Duration.FromMinutes(150), WorkingTime.Between(fromInsideOverlap, FallBackSundayStart, FallBackSundayStart + Duration.FromDays(1)));
    }

    [Fact]
    public void New_York_office_hours_follow_the_american_spring_forward()
    {
        var newYork = NewYorkOffice();
        var allDay = Build("ny-all-day", "America/New_York", EveryDay, [Period(0, 24)]);

        // Friday 16:00 EST + 2h -> Monday 10:00 EDT (14:00 UTC).
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 14, 0), WorkingTime.Add(newYork, NewYorkFridayAfternoon, Duration.FromHours(2)));
        Assert.Equal(Duration.FromHours(23), WorkingTime.Between(allDay, NewYorkSpringForwardSundayStart, Instant.FromUtc(2026, 3, 9, 4, 0)));
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 9, 0), WorkingTime.Add(allDay, NewYorkSpringForwardSundayStart, Duration.FromHours(4)));
    }

    [Fact]
    public void Seven_working_days_skip_weekends_and_holidays()
    {
        // From Wednesday 23 Dec: 24, 29, 30, 31 Dec, 4, 5, 6 Jan (25 and 28 Dec and 1 Jan are holidays).
        Assert.Equal(Instant.FromUtc(2027, 1, 6, 10, 0), WorkingTime.AddWorkingDays(London, WednesdayBeforeChristmas, 7));
    }

    [Fact]
    public void Working_days_keep_the_local_time_across_a_dst_change()
    {
        var fridayMorning = Instant.FromUtc(2026, 3, 27, 10, 0);   // 10:00 GMT
        Assert.Equal(Instant.FromUtc(2026, 3, 30, 9, 0), WorkingTime.AddWorkingDays(London, fridayMorning, 1));
    }

    [Fact]
    public void Working_days_clamp_to_the_end_of_a_shorter_day()
    {
        var shortFridays = London.WithDay(IsoDayOfWeek.Friday, Period(9, 13));

        Assert.Equal(Instant.FromUtc(2026, 3, 6, 13, 0), WorkingTime.AddWorkingDays(shortFridays, ThursdayAfternoon, 1));
    }

    [Fact]
    public void Start_outside_working_hours_counts_from_the_next_opening()
    {
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 10, 0), WorkingTime.Add(London, SaturdayNoon, Duration.FromHours(1)));
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 9, 30), WorkingTime.Add(London, TuesdayEarly, Duration.FromMinutes(30)));
        Assert.Equal(MondayOpening, WorkingTime.Add(London, FridayClosing, Duration.Zero));
        Assert.Equal(TuesdayMorning, WorkingTime.Add(London, TuesdayMorning, Duration.Zero));
        Assert.Equal(Instant.FromUtc(2026, 3, 10, 9, 0), WorkingTime.AddWorkingDays(London, SaturdayNoon, 1));
    }

    [Fact]
    public void Open_periods_include_their_start_and_exclude_their_end()
    {
        Assert.True(WorkingTime.IsOpen(London, MondayOpening));
        Assert.False(WorkingTime.IsOpen(London, FridayClosing));
        Assert.False(WorkingTime.IsOpen(London, SaturdayNoon));
        Assert.Equal(MondayOpening, WorkingTime.NextOpen(London, SaturdayNoon));
        Assert.Equal(TuesdayMorning, WorkingTime.NextOpen(London, TuesdayMorning));
    }

    [Fact]
    public void Between_counts_only_open_time_and_is_zero_backwards()
    {
        Assert.Equal(Duration.FromHours(4), WorkingTime.Between(London, FridayAfternoon, Instant.FromUtc(2026, 3, 9, 11, 0)));
        Assert.Equal(Duration.Zero, WorkingTime.Between(London, MondayOpening, FridayAfternoon));
        Assert.Equal(Duration.Zero, WorkingTime.Between(London, SaturdayNoon, MondayOpening));
    }

    [Fact]
    public void Periods_ending_at_midnight_join_the_next_day_and_are_read_in_time_order()
    {
        var lateShift = Build("late", "Europe/London", EveryDay, [Period(20, 24), Period(0, 2)]);

        Assert.Equal(Instant.FromUtc(2026, 3, 4, 0, 30), WorkingTime.Add(lateShift, Instant.FromUtc(2026, 3, 3, 23, 30), Duration.FromHours(1)));
        Assert.Equal(Duration.FromHours(6), WorkingTime.Between(lateShift, TuesdayMorning, TuesdayMorning + Duration.FromDays(1)));
    }

    [Fact]
    public void A_24x7_calendar_counts_every_hour_and_calendar_days_in_its_zone()
    {
        var always = WorkCalendar.TwentyFourSeven();
        var londonAlways = always with { Zone = DateTimeZoneProviders.Tzdb["Europe/London"] };

        Assert.Equal(SaturdayNoon + Duration.FromHours(4), WorkingTime.Add(always, SaturdayNoon, Duration.FromHours(4)));
        Assert.Equal(MondayOpening - SaturdayNoon, WorkingTime.Between(always, SaturdayNoon, MondayOpening));
        Assert.Equal(SaturdayNoon + Duration.FromDays(7), WorkingTime.AddWorkingDays(always, SaturdayNoon, 7));
        // Saturday 12:00 GMT + 1 day -> Sunday 12:00 BST, only 23 hours later.
        Assert.Equal(Instant.FromUtc(2026, 3, 29, 11, 0), WorkingTime.AddWorkingDays(londonAlways, Instant.FromUtc(2026, 3, 28, 12, 0), 1));
        Assert.True(WorkingTime.IsOpen(always, SaturdayNoon));
    }

    [Fact]
    public void Due_uses_working_days_or_working_time_as_the_target_says()
    {
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 11, 0), WorkingTime.Due(London, FridayAfternoon, SlaTarget.Of(Duration.FromHours(4))));
        Assert.Equal(Instant.FromUtc(2027, 1, 6, 10, 0), WorkingTime.Due(London, WednesdayBeforeChristmas, SlaTarget.Days(7)));
    }

    [Fact]
    public void Between_is_the_inverse_of_Add()
    {
        foreach (var (start, amount) in new[]
        {
            (TuesdayMorning, Duration.FromHours(4)),
            (FridayAfternoon, Duration.FromHours(4)),
            (FridayBeforeMayDay, Duration.FromHours(30)),
            (SaturdayNoon, Duration.FromMinutes(15)),
        })
        {
            Assert.Equal(amount, WorkingTime.Between(London, start, WorkingTime.Add(London, start, amount)));
        }
    }

    [Fact]
    public void Between_is_the_inverse_of_Add_for_many_random_starts()
    {
        var random = new Random(20260329);
        WorkCalendar[] calendars =
        [
            Build("lunch", "Europe/London", Weekdays, [Period(13, 17, 30, 30), Period(9, 12, 0, 30)], UkHolidays2026),
            Build("night", "Europe/London", [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], [Period(0, 4), Period(22, 24)]),
            NewYorkOffice(),
        ];
        var yearStart = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var cal = calendars[i % calendars.Length];
            var start = yearStart + Duration.FromMinutes(random.Next(0, 366 * 24 * 60));
            var amount = Duration.FromMinutes(random.Next(0, 60 * 60));

            var due = WorkingTime.Add(cal, start, amount);

            Assert.Equal(amount, WorkingTime.Between(cal, start, due));
            Assert.True(WorkingTime.IsOpen(cal, WorkingTime.NextOpen(cal, start)), $"{cal.Id} at {start}");
        }
    }

    [Fact]
    public void A_calendar_with_no_working_time_throws_instead_of_looping()
    {
        var noHours = Build("no-hours", "Europe/London", [], []);
        var allHolidays = Build("all-holidays", "Europe/London", Weekdays, [Period(9, 17)],
            Enumerable.Range(0, 12 * 366).Select(d => new LocalDate(2026, 1, 1).PlusDays(d)));

        var error = Assert.Throws<InvalidOperationException>(() => WorkingTime.Add(noHours, TuesdayMorning, Duration.FromHours(1)));
        Assert.Contains("no-hours", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => WorkingTime.NextOpen(allHolidays, TuesdayMorning));
        Assert.Throws<InvalidOperationException>(() => WorkingTime.AddWorkingDays(noHours, TuesdayMorning, 1));
        Assert.Equal(Duration.Zero, WorkingTime.Between(noHours, TuesdayMorning, MondayOpening));
        Assert.False(WorkingTime.IsOpen(noHours, TuesdayMorning));
    }
}
