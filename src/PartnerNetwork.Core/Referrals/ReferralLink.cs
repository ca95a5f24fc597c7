using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Core.Referrals;

/// <summary>
/// What a referral's e-mail link (<see cref="EmailLinkPurpose.Referral"/>) opens, and for how long: that one referral,
/// for the organisation it was sent to, until the referral has been closed for <c>Links:ReferralDaysAfterClose</c> days
/// (so the partner can still read how it ended), unless revoked.
/// </summary>
public static class ReferralLink
{
    public const int DefaultDaysAfterClose = 14;

    /// <summary>Whether <paramref name="link"/> still opens <paramref name="referral"/> at <paramref name="now"/>.</summary>
    public static bool Opens(EmailLink link, Referral referral, DateTime now, int daysAfterClose) =>
        link.Purpose == EmailLinkPurpose.Referral && link.ReferralId == referral.Id && link.OrganizationId == referral.OrganizationId
        && link.IsUsable(now) && (referral.ClosedAt is not { } closed || now < closed.AddDays(daysAfterClose));

    /// <summary>A link for the referral's receiving organisation, sent to <paramref name="email"/>; the token goes in the e-mail only.</summary>
    public static (EmailLink Link, string Token) Issue(Referral referral, string email, DateTime now) =>
        EmailLink.Issue(EmailLinkPurpose.Referral, referral.OrganizationId, email, now, expiresAt: null, referralId: referral.Id);

    /// <summary>The path the e-mail carries; the token is its last segment, which logs redact.</summary>
    public static string PathFor(string token) => $"/l/{token}";
}
