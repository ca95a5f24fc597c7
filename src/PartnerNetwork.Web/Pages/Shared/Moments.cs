using System.Globalization;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>Instants are stored in UTC and shown in Quebec's time.</summary>
public static class Moments
{
    public static DateTime Local(DateTime utc) => QuebecTime.Local(utc);

    public static string Show(DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Show(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable value for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
