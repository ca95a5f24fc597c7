using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Privacy;

namespace PartnerNetwork.Web.Pages.Link;

/// <summary>
/// One referral opened from the receiving organisation's e-mail, without an account: what its staff would see on
/// /Referrals/Details (contact details only while a consent covers the organisation, checked on every view) and the same
/// steps, through the same Core transitions, recorded as "via link, address". The token is the bearer secret: a wrong,
/// expired, revoked or other referral's token is the same plain 404. Opening the page (GET) changes no referral; the
/// actions are posted forms. Read-only once the referral is closed; reachable until its closure plus the configured days.
/// </summary>
public class ReferralModel(PartnerNetworkDb db, ReferralMail mail, AccessLog accessLog, TimeProvider clock, IConfiguration configuration,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    [BindProperty]
    public ReferralActionInput Input { get; set; } = new();

    public Referral Referral { get; private set; } = null!;
    public string Email { get; private set; } = "";
    public bool ContactShared { get; private set; }
    public string SchoolName { get; private set; } = "";
    public string? SchoolPhone { get; private set; }
    public List<string> NeedNames { get; private set; } = [];
    public ActionPanel Panel { get; private set; } = null!;
    public Dictionary<Guid, string> UserNames { get; private set; } = [];
    /// <summary>The organisation has staff accounts: the page points to the inbox instead of offering to claim the listing.</summary>
    public bool HasAccounts { get; private set; }
    public bool ClaimPending { get; private set; }

    int DaysAfterClose => configuration.GetValue("Links:ReferralDaysAfterClose", ReferralLink.DefaultDaysAfterClose);

    // Read from the route, not bound as a handler argument: handler arguments are written to trace logs.
    string Token => RouteData.Values["token"] as string ?? "";

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>
    /// The same action panel as the partner's page, through the same rules, recorded "via link, address". The page's own
    /// POST: shown again, the page keeps its address without a handler.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await OpenAsync(tracked: true) is not { } opened) return NotFound();
        var (link, referral) = opened;
        var now = clock.GetUtcNow().UtcDateTime;
        // Read-only once closed: no more notes either.
        var outcome = ReferralActions.Apply(referral, Input, ReferralActor.PartnerByLink, null, link.Email, now, notesOpen: referral.IsOpen, ModelState, L);
        if (outcome.Refusal is { } refusal)
        {
            ErrorMessage = refusal;
            return Back();
        }
        if (!outcome.Applied)
        {
            // Nothing of the refused post may ride along with the access log's save.
            db.ChangeTracker.Clear();
            return await ShowAsync();
        }
        link.LastUsedAt = now;
        if (outcome.MovedTo is not null) await mail.StatusChangedAsync(referral);
        if (await db.TrySaveAsync()) StatusMessage = ReferralActions.Confirmation(referral, outcome.MovedTo, ReferralActor.PartnerByLink, L);
        else ErrorMessage = L["Referral.Conflict"];
        return Back();
    }

    /// <summary>"Claim this listing": a request for the organisation's first account, for an admin to approve.</summary>
    public async Task<IActionResult> OnPostClaimAsync(string? name, string? message)
    {
        if (await OpenAsync(tracked: true) is not { } opened) return NotFound();
        var (link, referral) = opened;
        name = name?.Trim();
        message = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ListingClaim.NameMaxLength || message?.Length > ListingClaim.MessageMaxLength)
        {
            ErrorMessage = L["Link.ClaimInvalid", ListingClaim.NameMaxLength, ListingClaim.MessageMaxLength];
            return Back();
        }
        if (await db.ListingClaims.AnyAsync(c => c.OrganizationId == link.OrganizationId && c.Email == link.Email && c.DecidedAt == null))
        {
            StatusMessage = L["Link.ClaimAlreadyPending"];
            return Back();
        }
        db.ListingClaims.Add(new ListingClaim
        {
            Id = Guid.NewGuid(), OrganizationId = link.OrganizationId, ReferralId = referral.Id, Email = link.Email, Name = name, Message = message,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        StatusMessage = L["Link.ClaimSent"];
        return Back();
    }

    /// <summary>The page, after a GET or with the panel's input refused.</summary>
    async Task<IActionResult> ShowAsync()
    {
        if (await OpenAsync(tracked: false) is not { } opened) return NotFound();
        await LoadAsync(opened.Link, opened.Referral);
        // Like a partner's own view: identifying details seen are logged, with the link's address for the user.
        if (ContactShared) await accessLog.RecordLinkAsync(Email, Referral.FamilyId, FamilyAccess.ViewReferral, Referral.Id);
        return Page();
    }

    // Back to the address just used; generating it from the route would write the token into routing's debug log.
    IActionResult Back() => Redirect($"{Request.PathBase}{Request.Path}");

    /// <summary>The link and its referral, or null for any token that does not open one now (all answered alike).</summary>
    async Task<(EmailLink Link, Referral Referral)?> OpenAsync(bool tracked)
    {
        Response.Headers.CacheControl = "no-store";
        if (EmailLink.HashOrNull(Token) is not { } hash) return null;
        var link = await db.EmailLinks.SingleOrDefaultAsync(l => l.TokenHash == hash && l.Purpose == EmailLinkPurpose.Referral);
        if (link?.ReferralId is not { } referralId) return null;
        IQueryable<Referral> referrals = tracked ? db.Referrals.Include(r => r.Events) : db.Referrals.AsNoTracking().AsSplitQuery()
            .Include(r => r.Family).ThenInclude(f => f!.Consents).ThenInclude(c => c.Organizations)
            .Include(r => r.Service).ThenInclude(s => s!.Organization)
            .Include(r => r.Events)
            .Include(r => r.Notes)
            .Include(r => r.Needs).ThenInclude(n => n.NeedCategory);
        var referral = await referrals.SingleOrDefaultAsync(r => r.Id == referralId && r.OrganizationId == link.OrganizationId && r.Kind == ReferralKind.WarmHandoff);
        if (referral is null || !ReferralLink.Opens(link, referral, clock.GetUtcNow().UtcDateTime, DaysAfterClose)) return null;
        return (link, referral);
    }

    async Task LoadAsync(EmailLink link, Referral referral)
    {
        Referral = referral;
        Email = link.Email;
        ContactShared = referral.SharesContact(QuebecTime.Today(clock));
        var school = await db.Schools.Where(s => s.Id == referral.SchoolId).Select(s => new { s.Name, s.Phone }).SingleAsync();
        (SchoolName, SchoolPhone) = (school.Name, school.Phone);
        var french = Cultures.IsFrench;
        NeedNames = referral.Needs.Select(n => n.NeedCategory!.Name(french)).ToList();
        // No action: the panel posts to this same address, so no link is generated from the token.
        Panel = new ActionPanel(ReferralWorkflow.ChoicesFor(referral.Kind, referral.State, ReferralActor.PartnerByLink, notesOpen: referral.IsOpen),
            referral.Version, referral.Kind, PostTo: null, Input);
        var userIds = referral.Events.Select(e => e.ActorId).Concat(referral.Notes.Select(n => n.AuthorId)).Append(referral.ReferredById)
            .OfType<Guid>().Distinct().ToList();
        UserNames = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        HasAccounts = await db.Users.AnyAsync(u => u.OrganizationId == referral.OrganizationId && u.IsActive);
        ClaimPending = await db.ListingClaims.AnyAsync(c => c.OrganizationId == referral.OrganizationId && c.Email == link.Email && c.DecidedAt == null);
    }
}
