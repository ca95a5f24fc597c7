using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Links;

/// <summary>
/// Partners without accounts: the "claim this listing" requests to approve (the organisation's first staff account,
/// whose owner chooses a password from an e-mailed link, written to the audit log) or decline, and the referral links
/// in use, which an admin can revoke. No family detail here: organisations, addresses and referral references only.
/// </summary>
public class IndexModel(PartnerNetworkDb db, Accounts accounts, CurrentActor current, TimeProvider clock,
    IConfiguration configuration, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int MaxLinks = 200;

    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    public List<ClaimRow> Claims { get; private set; } = [];
    public List<LinkRow> ActiveLinks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Claims = await db.ListingClaims.AsNoTracking().Where(c => c.DecidedAt == null).OrderBy(c => c.RequestedAt)
            .Select(c => new ClaimRow(c.Id, c.OrganizationId, db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).First(),
                c.Name, c.Email, c.Message, c.RequestedAt, db.Users.Any(u => u.OrganizationId == c.OrganizationId && u.IsActive)))
            .ToListAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var after = now.AddDays(-configuration.GetValue("Links:ReferralDaysAfterClose", ReferralLink.DefaultDaysAfterClose));
        ActiveLinks = (await db.EmailLinks.AsNoTracking()
                .Where(l => l.Purpose == EmailLinkPurpose.Referral && l.RevokedAt == null
                            && db.Referrals.Any(r => r.Id == l.ReferralId && (r.ClosedAt == null || r.ClosedAt > after)))
                .OrderByDescending(l => l.CreatedAt).Take(MaxLinks)
                .Select(l => new { l.Id, l.ReferralId, l.Email, l.CreatedAt, l.LastUsedAt, Organization = db.Organizations.Where(o => o.Id == l.OrganizationId).Select(o => o.Name).First() })
                .ToListAsync())
            .Select(l => new LinkRow(l.Id, l.Organization, l.Email, PartnerNetwork.Web.Pages.Inbox.IndexModel.ReferenceOf(l.ReferralId!.Value), l.CreatedAt, l.LastUsedAt)).ToList();
    }

    /// <summary>Creates the organisation's staff account for the address the link was sent to, and sends it a set-password link.</summary>
    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var claim = await db.ListingClaims.SingleOrDefaultAsync(c => c.Id == id);
        if (claim is null) return NotFound();
        if (!claim.IsPending)
        {
            ErrorMessage = L["Claims.AlreadyDecided"];
            return RedirectToPage();
        }
        var organization = await db.Organizations.SingleAsync(o => o.Id == claim.OrganizationId);
        // The one audited way to open an account: the grant and the set-password link are written for the
        // organisation to read, in the same transaction as the account and its e-mail.
        var (outcome, user) = await accounts.SaveAsync(actor, null,
            new Accounts.Request(claim.Email, claim.Name, Role.PartnerStaff, null, organization.Id, []));
        if (outcome is not Accounts.Outcome.Created || user is null)
        {
            ErrorMessage = outcome == Accounts.Outcome.DuplicateEmail ? L["Users.DuplicateEmail"] : L["Users.SaveFailed"];
            return RedirectToPage();
        }
        claim = await db.ListingClaims.SingleAsync(c => c.Id == id);
        claim.Approve(clock.GetUtcNow().UtcDateTime, actor.UserId, user.Id);
        await db.SaveChangesAsync();
        StatusMessage = L["Claims.Approved", claim.Email, organization.Name];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var claim = await db.ListingClaims.SingleOrDefaultAsync(c => c.Id == id);
        if (claim is null) return NotFound();
        if (claim.IsPending)
        {
            claim.Decline(clock.GetUtcNow().UtcDateTime, actor.UserId);
            await db.SaveChangesAsync();
            StatusMessage = L["Claims.Declined", claim.Email];
        }
        else ErrorMessage = L["Claims.AlreadyDecided"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var link = await db.EmailLinks.SingleOrDefaultAsync(l => l.Id == id && l.Purpose == EmailLinkPurpose.Referral);
        if (link is null) return NotFound();
        link.Revoke(clock.GetUtcNow().UtcDateTime, actor.UserId);
        await db.SaveChangesAsync();
        StatusMessage = L["Claims.LinkRevoked", link.Email];
        return RedirectToPage();
    }

    public sealed record ClaimRow(Guid Id, Guid OrganizationId, string Organization, string Name, string Email, string? Message, DateTime RequestedAt, bool HasAccounts);

    public sealed record LinkRow(Guid Id, string Organization, string Email, string Referral, DateTime CreatedAt, DateTime? LastUsedAt);
}
