using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Core.Tests;

public class WeeklyHoursTests
{
    static Schedule Open(DayOfWeek day, int from, int to) =>
        new() { ByDay = day, OpensAt = new TimeOnly(from, 0), ClosesAt = new TimeOnly(to, 0) };

    [Fact]
    public void Closing_after_five_means_open_evenings()
    {
        Assert.True(WeeklyHours.OpenEvenings([Open(DayOfWeek.Tuesday, 18, 21)]));
        Assert.False(WeeklyHours.OpenEvenings([Open(DayOfWeek.Tuesday, 9, 17)]));
    }

    [Fact]
    public void Saturday_or_sunday_means_open_weekends()
    {
        Assert.True(WeeklyHours.OpenWeekends([Open(DayOfWeek.Sunday, 10, 12)]));
        Assert.False(WeeklyHours.OpenWeekends([Open(DayOfWeek.Friday, 10, 12)]));
    }

    [Fact]
    public void Open_now_follows_daylight_saving_time()
    {
        var mondayNineToFive = new[] { Open(DayOfWeek.Monday, 9, 17) };
        // Monday 13:30 UTC is 09:30 in summer (EDT, UTC-4) but 08:30 in winter (EST, UTC-5).
        Assert.True(WeeklyHours.IsOpenAt(mondayNineToFive, new DateTimeOffset(2026, 7, 6, 13, 30, 0, TimeSpan.Zero)));
        Assert.False(WeeklyHours.IsOpenAt(mondayNineToFive, new DateTimeOffset(2026, 1, 5, 13, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Open_now_uses_the_Quebec_day_not_the_UTC_day()
    {
        var sundayEvening = new[] { Open(DayOfWeek.Sunday, 18, 22) };
        // Monday 01:00 UTC is still Sunday 21:00 in Montréal in summer.
        Assert.True(WeeklyHours.IsOpenAt(sundayEvening, new DateTimeOffset(2026, 7, 6, 1, 0, 0, TimeSpan.Zero)));
    }
}
