namespace PartnerNetwork.Core.Catalogue;

/// <summary>What families care about in a weekly schedule: evenings, weekends, open right now.</summary>
public static class WeeklyHours
{
    /// <summary>Evening starts at 17:00 local time: after a parent's working day.</summary>
    public static readonly TimeOnly EveningStarts = new(17, 0);

    /// <summary>Quebec's time zone: all of southern Quebec keeps Eastern time with daylight saving.</summary>
    public static readonly TimeZoneInfo QuebecTime = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    public static bool OpenEvenings(IEnumerable<Schedule> hours) => hours.Any(h => h.ClosesAt > EveningStarts);

    public static bool OpenWeekends(IEnumerable<Schedule> hours) =>
        hours.Any(h => h.ByDay is DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Whether a weekly opening covers the instant, read on Quebec's clock so daylight saving is right.</summary>
    public static bool IsOpenAt(IEnumerable<Schedule> hours, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, QuebecTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return hours.Any(h => h.ByDay == local.DayOfWeek && h.OpensAt <= time && time < h.ClosesAt);
    }

    /// <summary>Today's date in Quebec, whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), QuebecTime).DateTime);
}
