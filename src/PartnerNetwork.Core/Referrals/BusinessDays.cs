using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Core.Referrals;

/// <summary>
/// Working days in Quebec: not Saturday, Sunday or a statutory holiday (Act respecting labour standards and the
/// National Holiday Act): New Year's Day, Good Friday and Easter Monday (the public sector keeps both), National
/// Patriots' Day, the Fête nationale (the 25th when the 24th is a Sunday), Canada Day (the 2nd when the 1st is a
/// Sunday), Labour Day, Thanksgiving and Christmas. Deadlines count in Quebec's local time.
/// </summary>
public static class BusinessDays
{
    public static bool IsBusinessDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays(day.Year).Contains(day);

    // Computed once per year: deadlines and indicators ask about the same few years millions of times.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<DateOnly>> HolidaysByYear = new();

    public static IReadOnlySet<DateOnly> Holidays(int year) => HolidaysByYear.GetOrAdd(year, HolidaysOf);

    static IReadOnlySet<DateOnly> HolidaysOf(int year)
    {
        var easter = EasterSunday(year);
        var fete = new DateOnly(year, 6, 24);
        var canada = new DateOnly(year, 7, 1);
        // Patriots' Day: the Monday before May 25.
        var patriots = new DateOnly(year, 5, 24);
        while (patriots.DayOfWeek != DayOfWeek.Monday) patriots = patriots.AddDays(-1);
        return new HashSet<DateOnly>
        {
            new(year, 1, 1),
            easter.AddDays(-2),
            easter.AddDays(1),
            patriots,
            fete.DayOfWeek == DayOfWeek.Sunday ? fete.AddDays(1) : fete,
            canada.DayOfWeek == DayOfWeek.Sunday ? canada.AddDays(1) : canada,
            NthMonday(year, 9, 1),
            NthMonday(year, 10, 2),
            new(year, 12, 25),
        };
    }

    /// <summary>The instant <paramref name="days"/> business days after <paramref name="utc"/>, at the same local time of day.</summary>
    public static DateTime AddTo(DateTime utc, int days)
    {
        var local = QuebecTime.Local(utc);
        var day = DateOnly.FromDateTime(local);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day)) counted++;
        }
        var due = day.ToDateTime(TimeOnly.FromDateTime(local));
        return QuebecTime.ToUtc(QuebecTime.Zone.IsInvalidTime(due) ? due.AddHours(1) : due);
    }

    /// <summary>How many business days something took: the smallest n with <see cref="AddTo"/>(from, n) at or after <paramref name="until"/>.</summary>
    public static int Taken(DateTime fromUtc, DateTime untilUtc)
    {
        if (untilUtc <= fromUtc) return 0;
        var local = QuebecTime.Local(fromUtc);
        var timeOfDay = TimeOnly.FromDateTime(local);
        var day = DateOnly.FromDateTime(local);
        // Walks the business days once, where calling AddTo for each n would walk them again every time.
        for (var days = 1; days <= MaxCounted; days++)
        {
            do day = day.AddDays(1);
            while (!IsBusinessDay(day));
            var due = day.ToDateTime(timeOfDay);
            if (QuebecTime.ToUtc(QuebecTime.Zone.IsInvalidTime(due) ? due.AddHours(1) : due) >= untilUtc) return days;
        }
        return MaxCounted;
    }

    /// <summary>Counting stops here: beyond a school year, "a year or more" is all that matters.</summary>
    public const int MaxCounted = 260;

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, dayOfMonth);
    }

    static DateOnly NthMonday(int year, int month, int n)
    {
        var day = new DateOnly(year, month, 1);
        while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(1);
        return day.AddDays(7 * (n - 1));
    }
}
