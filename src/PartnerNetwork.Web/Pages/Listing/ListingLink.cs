using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Pages.Listing;

/// <summary>
/// What a listing-verification link reaches: one service of one organisation, while the link is usable. Anything else —
/// a malformed, unknown, tampered, expired or revoked token, a referral link, a service moved out of the organisation,
/// an organisation no longer listed — is "not found", the same answer for all (nothing tells a guesser which).
/// </summary>
public static class ListingLink
{
    public static async Task<EmailLink?> FindAsync(PartnerNetworkDb db, string? token, DateTime now)
    {
        if (EmailLink.HashOrNull(token) is not { } hash) return null;
        var link = await db.EmailLinks.SingleOrDefaultAsync(l => l.TokenHash == hash);
        if (link is not { Purpose: EmailLinkPurpose.ListingVerification, ServiceId: not null } || !link.IsUsable(now)) return null;
        var listed = await db.Services.AnyAsync(s => s.Id == link.ServiceId && s.OrganizationId == link.OrganizationId && s.Organization!.IsActive);
        return listed ? link : null;
    }

    /// <summary>The answer through the link: the link and the request record both remember it (in the caller's save).</summary>
    public static async Task RecordAnswerAsync(PartnerNetworkDb db, EmailLink link, VerificationAnswer answer, DateTime now)
    {
        link.LastUsedAt = now;
        var verification = await db.ListingVerifications.FindAsync(link.ServiceId!.Value);
        if (verification is null)
            db.ListingVerifications.Add(verification = new ListingVerification { ServiceId = link.ServiceId.Value, OrganizationId = link.OrganizationId });
        verification.Answered(answer, now);
    }
}
