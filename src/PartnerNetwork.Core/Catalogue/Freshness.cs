using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Core.Catalogue;

/// <summary>
/// How fresh a listing is, one rule for the job, the search index, the pages and the exports (configuration section
/// "Freshness"). Dates are Quebec's: a partner who confirms at 23:30 in December confirmed on that day, not the next.
/// </summary>
public sealed class Freshness
{
    public const int MinDueMonths = 1;
    public const int MaxDueMonths = 24;

    /// <summary>A listing is due for confirmation this long after it was last verified (an organisation may have its own period).</summary>
    public int DueMonths { get; set; } = 6;

    /// <summary>Unverified this long, a listing is stale: marked to searchers, left out of "verified" counts.</summary>
    public int StaleMonths { get; set; } = Service.StaleAfterMonths;

    /// <summary>A request's links work this long after it was sent.</summary>
    public int LinkDays { get; set; } = 30;

    /// <summary>An unanswered request is sent again, once, this long after the first.</summary>
    public int ReminderDays { get; set; } = 14;

    public int DueMonthsFor(int? organizationMonths) => organizationMonths ?? DueMonths;

    /// <summary>The day the listing should be confirmed again; a listing never verified is due from the start.</summary>
    public DateOnly DueDate(DateOnly? assured, int? organizationMonths) =>
        assured is { } day ? day.AddMonths(DueMonthsFor(organizationMonths)) : DateOnly.MinValue;

    public bool IsDue(DateOnly? assured, int? organizationMonths, DateOnly today) => DueDate(assured, organizationMonths) <= today;

    /// <summary>
    /// The oldest verification day still "within <see cref="StaleMonths"/>": verified on or after it ⇒ not stale. Stated as
    /// one cut-off (not "assured + 12 months &lt; today") so the index, the database and the pages compare the same way,
    /// even on 29 February.
    /// </summary>
    public DateOnly VerifiedSince(DateOnly today) => today.AddMonths(-StaleMonths);

    public bool IsStale(DateOnly? assured, DateOnly today) => IsStale(assured, today, StaleMonths);

    public static bool IsStale(DateOnly? assured, DateOnly today, int staleMonths) => assured is not { } day || day < today.AddMonths(-staleMonths);

    /// <summary>Within <paramref name="months"/> of today (the freshness page's 6- and 12-month shares).</summary>
    public static bool VerifiedWithin(DateOnly? assured, DateOnly today, int months) => !IsStale(assured, today, months);

    /// <summary>When links sent at <paramref name="sentUtc"/> stop working: the same Quebec wall-clock time <see cref="LinkDays"/> later, across a clock change.</summary>
    public DateTime LinkExpiry(DateTime sentUtc) => QuebecTime.ToUtc(QuebecTime.Local(sentUtc).AddDays(LinkDays));

    /// <summary>
    /// A new request is due when the listing is due and no request is open: never asked, or the last request's links
    /// have expired (a request answered without confirming — a capacity change — waits for its links to run out).
    /// </summary>
    public bool IsRequestDue(DateOnly? assured, int? organizationMonths, DateTime? lastRequestedUtc, DateTime nowUtc) =>
        IsDue(assured, organizationMonths, QuebecTime.DateOf(nowUtc)) && (lastRequestedUtc is not { } sent || nowUtc >= LinkExpiry(sent));

    /// <summary>
    /// The one reminder: <see cref="ReminderDays"/> Quebec days after the request, if nobody answered, none was sent,
    /// and the request's links still work.
    /// </summary>
    public bool IsReminderDue(DateTime? requestedUtc, DateTime? remindedUtc, DateTime? answeredUtc, DateTime nowUtc) =>
        requestedUtc is { } sent && remindedUtc is null && (answeredUtc is null || answeredUtc < sent)
        && QuebecTime.DateOf(nowUtc) >= QuebecTime.DateOf(sent).AddDays(ReminderDays) && nowUtc < LinkExpiry(sent);
}
