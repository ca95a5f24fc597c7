using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// One referral, for the referring school's agents and the receiving organisation's staff: what is asked, the family's
/// contact details when a consent covers this organisation, the timeline, the note thread and the next steps.
/// </summary>
public class DetailsModel(PartnerNetworkDb db, CurrentActor current, ReferralMail mail, AccessLog accessLog,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    [BindProperty]
    public ReferralActionInput Input { get; set; } = new();

    public Referral Referral { get; private set; } = null!;
    public ReferralActor Viewer { get; private set; }
    public bool ContactShared { get; private set; }
    public bool Overdue { get; private set; }
    public string SchoolName { get; private set; } = "";
    public string? SchoolPhone { get; private set; }
    public List<string> NeedNames { get; private set; } = [];
    public List<string> NeedCodes { get; private set; } = [];
    public Dictionary<Guid, string> UserNames { get; private set; } = [];
    public ActionPanel Panel { get; private set; } = null!;
    public ReferralTimings Timings { get; private set; } = new(null, null, null);

    public async Task<IActionResult> OnGetAsync(Guid id) => await ShowAsync(await current.GetAsync(), id);

    /// <summary>
    /// The action panel: a move through the workflow, applied only if the referral is still at the version the user saw
    /// (the database checks it again on save, so of two simultaneous moves exactly one is applied), or a note alone.
    /// Input the rules refuse is shown again on its field with what was typed; a refusal about the referral is shown
    /// over its new state. The page's own POST, not a named handler: shown again, the page keeps its plain address
    /// (which the language switch returns to).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var referral = await db.Referrals.VisibleTo(actor).Include(r => r.Events).SingleOrDefaultAsync(r => r.Id == id);
        if (referral is null || Scopes.ReferralActorOf(actor) is not { } who) return NotFound();
        var outcome = ReferralActions.Apply(referral, Input, who, actor.UserId, viaEmail: null, clock.GetUtcNow().UtcDateTime, notesOpen: true, ModelState, L);
        if (outcome.Refusal is { } refusal)
        {
            ErrorMessage = refusal;
            return RedirectToPage(new { id });
        }
        if (!outcome.Applied)
        {
            // Nothing of the refused post may ride along with the access log's save.
            db.ChangeTracker.Clear();
            return await ShowAsync(actor, id);
        }
        if (outcome.MovedTo is { } to)
        {
            if (who == ReferralActor.Partner) await mail.StatusChangedAsync(referral);
            else if (to == ReferralState.Cancelled) await mail.CancelledAsync(referral);
        }
        if (await db.TrySaveAsync()) StatusMessage = ReferralActions.Confirmation(referral, outcome.MovedTo, who, L);
        else ErrorMessage = L["Referral.Conflict"];
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// The referring agent replaces the partner's referral links (a forwarded or lost e-mail): the old ones stop at once,
    /// the contact receives a new one. Only while the link could still be used (open, or closed within the period).
    /// </summary>
    public async Task<IActionResult> OnPostNewLinkAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var referral = await db.Referrals.VisibleTo(actor).SingleOrDefaultAsync(r => r.Id == id);
        if (referral is null || Scopes.ReferralActorOf(actor) != ReferralActor.Agent) return NotFound();
        if (await mail.ReplaceLinksAsync(referral, actor.UserId))
        {
            await db.SaveChangesAsync();
            StatusMessage = L["Link.NewLinkSent"];
        }
        else ErrorMessage = L["Link.NoPartnerAddress"];
        return RedirectToPage(new { id });
    }

    /// <summary>The page, after a GET or with the panel's input refused.</summary>
    async Task<IActionResult> ShowAsync(Actor actor, Guid id)
    {
        if (!await LoadAsync(actor, id)) return NotFound();
        // A partner sees identifying details only when consent shares them; an agent always does.
        if (Viewer == ReferralActor.Agent || ContactShared) await accessLog.RecordAsync(actor, Referral.FamilyId, FamilyAccess.ViewReferral, Referral.Id);
        return Page();
    }

    async Task<bool> LoadAsync(Actor actor, Guid id)
    {
        var referral = await db.Referrals.VisibleTo(actor).AsNoTracking().AsSplitQuery()
            .Include(r => r.Family).ThenInclude(f => f!.Consents).ThenInclude(c => c.Organizations)
            .Include(r => r.Service).ThenInclude(s => s!.Organization)
            .Include(r => r.Events)
            .Include(r => r.Notes)
            .Include(r => r.Needs).ThenInclude(n => n.NeedCategory)
            .SingleOrDefaultAsync(r => r.Id == id);
        if (referral is null || Scopes.ReferralActorOf(actor) is not { } viewer) return false;
        Referral = referral;
        Viewer = viewer;
        var now = clock.GetUtcNow().UtcDateTime;
        ContactShared = referral.SharesContact(QuebecTime.Today(clock));
        Overdue = referral.IsAcknowledgementOverdue(now);
        var school = await db.Schools.Where(s => s.Id == referral.SchoolId).Select(s => new { s.Name, s.Phone }).SingleAsync();
        (SchoolName, SchoolPhone) = (school.Name, school.Phone);
        var french = Cultures.IsFrench;
        NeedNames = referral.Needs.Select(n => n.NeedCategory!.Name(french)).ToList();
        NeedCodes = referral.Needs.Select(n => n.NeedCategory!.Code).ToList();
        var userIds = referral.Events.Select(e => e.ActorId).Concat(referral.Notes.Select(n => (Guid?)n.AuthorId)).Append(referral.ReferredById)
            .OfType<Guid>().Distinct().ToList();
        UserNames = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        Panel = new ActionPanel(ReferralWorkflow.ChoicesFor(referral.Kind, referral.State, viewer, notesOpen: true), referral.Version, referral.Kind,
            Url.Page("/Referrals/Details", new { id })!, Input);
        Timings = ReferralTimings.Of(referral.Events);
        return true;
    }

    /// <summary>Minutes under an hour, hours within a day, then business days (what a deadline counts).</summary>
    public string Duration(TimeSpan? span) => span is not { } s ? "—"
        : s.TotalHours < 1 ? L["Duration.Minutes", Math.Max(0, (int)Math.Round(s.TotalMinutes))]
        : s.TotalDays < 1 ? L["Duration.Hours", Math.Round(s.TotalHours, 1)]
        : L["Duration.BusinessDays", BusinessDays.Taken(Referral.CreatedAt, Referral.CreatedAt + s)];
}
