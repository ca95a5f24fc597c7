namespace PartnerNetwork.Core.Catalogue;

/// <summary>What families care about in a weekly schedule: evenings and weekends (hours are Quebec wall-clock times).</summary>
public static class WeeklyHours
{
    /// <summary>Evening starts at 17:00 local time: after a parent's working day.</summary>
    public static readonly TimeOnly EveningStarts = new(17, 0);

    public static bool OpenEvenings(IEnumerable<Schedule> hours) => hours.Any(h => h.ClosesAt > EveningStarts);

    public static bool OpenWeekends(IEnumerable<Schedule> hours) =>
        hours.Any(h => h.ByDay is DayOfWeek.Saturday or DayOfWeek.Sunday);
}
