namespace PartnerNetwork.Core.Access;

/// <summary>
/// "Claim this listing": someone who received a referral link for an organisation without accounts asks for one.
/// An admin approves (the organisation's first staff account is created and its owner chooses a password from an
/// e-mailed link) or declines. The request comes from whoever holds the link, so nothing is granted before an admin looks.
/// </summary>
public class ListingClaim
{
    public const int NameMaxLength = 200;
    public const int MessageMaxLength = 1000;

    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The referral whose link the request came through.</summary>
    public Guid? ReferralId { get; set; }

    /// <summary>The link's address: the account is created for it, so a request cannot name someone else's mailbox.</summary>
    public string Email { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Message { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    public Guid? DecidedById { get; set; }

    public bool? Approved { get; set; }

    /// <summary>The account created on approval.</summary>
    public Guid? UserId { get; set; }

    public bool IsPending => DecidedAt is null;

    public void Approve(DateTime now, Guid adminId, Guid userId)
    {
        if (!IsPending) throw new InvalidOperationException("The request was already decided.");
        (DecidedAt, DecidedById, Approved, UserId) = (now, adminId, true, userId);
    }

    public void Decline(DateTime now, Guid adminId)
    {
        if (!IsPending) throw new InvalidOperationException("The request was already decided.");
        (DecidedAt, DecidedById, Approved) = (now, adminId, false);
    }
}
