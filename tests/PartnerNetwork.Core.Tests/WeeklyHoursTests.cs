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
}
