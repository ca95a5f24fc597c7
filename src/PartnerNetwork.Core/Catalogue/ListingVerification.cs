namespace PartnerNetwork.Core.Catalogue;

public enum VerificationAnswer
{
    StillAccurate,
    Capacity,
    Edited,
}

/// <summary>
/// Where a service's confirmation request stands: when it was last asked, reminded and answered. Kept apart from the
/// service so that recording a request neither moves the service's last_modified nor rebuilds the search index, and so
/// the freshness page reads it with one join.
/// </summary>
public class ListingVerification
{
    public Guid ServiceId { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>UTC: the last request sent (the links in it expire <see cref="Freshness.LinkDays"/> later).</summary>
    public DateTime? RequestedAt { get; set; }

    /// <summary>UTC: the reminder of the last request, if one went.</summary>
    public DateTime? RemindedAt { get; set; }

    /// <summary>UTC: the last answer through a link.</summary>
    public DateTime? AnsweredAt { get; set; }

    public VerificationAnswer? LastAnswer { get; set; }

    /// <summary>A new request: the previous request's reminder no longer counts.</summary>
    public void Requested(DateTime now)
    {
        RequestedAt = now;
        RemindedAt = null;
    }

    public void Reminded(DateTime now) => RemindedAt = now;

    public void Answered(VerificationAnswer answer, DateTime now)
    {
        AnsweredAt = now;
        LastAnswer = answer;
    }
}

/// <summary>
/// A change made to a listing through an e-mailed link (no account): what changed, when, and the address the link went
/// to. Admins read it; it is never rewritten.
/// </summary>
public class ListingChange
{
    public const int DetailsMaxLength = 2000;

    public long Id { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid ServiceId { get; set; }

    public Guid EmailLinkId { get; set; }

    /// <summary>Whom the link was sent to: who acted.</summary>
    public string Email { get; set; } = "";

    public VerificationAnswer Answer { get; set; }

    /// <summary>The fields changed, in words.</summary>
    public string Details { get; set; } = "";
}
