namespace PartnerNetwork.Core.Time;

/// <summary>
/// Quebec's clock. Instants are stored in UTC; dates a person means ("today", a consent's expiry, a follow-up day)
/// and opening hours are Quebec's, whatever the server's zone.
/// </summary>
public static class QuebecTime
{
    /// <summary>All of southern Quebec keeps Eastern time with daylight saving.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The UTC instant of a Quebec wall-clock time.</summary>
    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);
}
