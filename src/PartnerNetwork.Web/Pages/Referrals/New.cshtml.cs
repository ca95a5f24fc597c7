using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// Refers a family to a service, started from a search result or a service page: a warm handoff the partner acts on,
/// or information given to the family with a follow-up date. Warns before a second open referral for the same need.
/// </summary>
public class NewModel(PartnerNetworkDb db, CurrentActor current, ReferralMail mail, CatalogueIndexCache catalogue, AccessLog accessLog, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>An information-given referral is followed up a week of school later by default.</summary>
    public const int DefaultFollowUpBusinessDays = 5;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Service Service { get; private set; } = null!;
    /// <summary>The agent's families, each with what the form follows when it is chosen (also written on its option for the script).</summary>
    public List<FamilyChoice> Families { get; private set; } = [];
    public List<NeedCategory> Needs { get; private set; } = [];
    public HashSet<Guid> OfferedNeedIds { get; private set; } = [];
    /// <summary>Open referrals of the chosen family for one of the same needs: the agent confirms before adding another.</summary>
    public List<(string Service, string Organization, ReferralKind Kind, ReferralState State)> Duplicates { get; private set; } = [];
    /// <summary>Set when the service is full or not taking referrals: said at the top of the form, with alternatives.</summary>
    public CapacityNotice? Notice { get; private set; }
    /// <summary>False when neither the service nor its organisation has an e-mail: a warm handoff would reach no one.</summary>
    public bool PartnerReachable { get; private set; } = true;
    public string? PartnerPhone { get; private set; }
    /// <summary>Set when contact details are to be shared but no consent covers this organisation.</summary>
    public bool ConsentMissing { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid serviceId, Guid? familyId)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, serviceId)) return NotFound();
        Input.FollowUpOn = QuebecTime.DateOf(BusinessDays.AddTo(clock.GetUtcNow().UtcDateTime, DefaultFollowUpBusinessDays));
        // The family carried from its page, else an empty choice the agent must make: never a guess.
        Input.FamilyId = familyId is { } f && Families.Any(x => x.Id == f) ? f : null;
        await FollowFamilyAsync(actor);
        // The family picker lists the reference of every family of the agent's schools.
        await accessLog.RecordManyAsync(actor, Families.Select(f => (f.Id, (Guid?)null)), FamilyAccess.SeenInList);
        return Page();
    }

    /// <summary>
    /// Without JavaScript, choosing another family posts the form back here: the family's needs, sheet language and open
    /// referrals are shown again, and what the agent typed is kept. Nothing is written.
    /// </summary>
    public async Task<IActionResult> OnPostFamilyAsync(Guid serviceId)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, serviceId)) return NotFound();
        ModelState.Clear();
        if (Input.FamilyId is { } f && Families.All(x => x.Id != f)) Input.FamilyId = null;
        await FollowFamilyAsync(actor);
        // The family picker lists the reference of every family of the agent's schools.
        await accessLog.RecordManyAsync(actor, Families.Select(f => (f.Id, (Guid?)null)), FamilyAccess.SeenInList);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid serviceId)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, serviceId)) return NotFound();
        var family = Input.FamilyId is { } familyId
            ? await db.Families.VisibleTo(actor).Include(f => f.Consents).ThenInclude(c => c.Organizations)
                .Include(f => f.Referrals).ThenInclude(r => r.Needs).Include(f => f.Referrals).ThenInclude(r => r.Service)
                .Include(f => f.Referrals).ThenInclude(r => r.Organization)
                .SingleOrDefaultAsync(f => f.Id == familyId)
            : null;
        if (family is null) ModelState.AddModelError("Input.FamilyId", L["Referral.ChooseFamily"]);
        // A closed school's families keep their history, but nothing new is sent from it.
        else if (await db.Schools.AnyAsync(s => s.Id == family.SchoolId && s.ClosedOn != null))
            ModelState.AddModelError("Input.FamilyId", L["Referral.SchoolClosed"]);
        var needIds = Input.NeedIds.Distinct().ToList();
        if (needIds.Count == 0) ModelState.AddModelError("Input.NeedIds", L["Referral.NeedRequired"]);
        if (needIds.Any(n => Needs.All(c => c.Id != n))) ModelState.AddModelError("Input.NeedIds", L["Search.UnknownCategory"]);
        if (!Enum.IsDefined(Input.Kind) || !Enum.IsDefined(Input.Urgency)) ModelState.AddModelError("Input.Kind", L["Binding.Missing"]);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.DateOf(now);
        if (Input.Kind == ReferralKind.InformationGiven && (Input.SheetLanguage is null || !SheetText.All.ContainsKey(Input.SheetLanguage)))
            ModelState.AddModelError("Input.SheetLanguage", L["Referral.SheetLanguageRequired"]);
        if (Referral.FollowUpRefusal(Input.Kind, Input.FollowUpOn, today) is { } followUpRefusal)
            ModelState.AddModelError("Input.FollowUpOn", L[followUpRefusal]);
        if (family is not null && Referral.LacksConsent(family, Service.OrganizationId, Input.Kind, Input.ShareContact, today))
        {
            ConsentMissing = true;
            ModelState.AddModelError("Input.ShareContact", L["Referral.NoConsent", Service.Organization!.Name]);
        }
        if (!ModelState.IsValid) return Page();
        if (!Input.ConfirmDuplicate)
        {
            // Not an error: a question. The page shows the open referrals, and sending again confirms.
            Duplicates = DuplicatesOf(family!, needIds);
            if (Duplicates.Count > 0) return Page();
        }

        var referral = Referral.Send(family!, Service,
            new ReferralRequest(Input.Kind, needIds, Input.Urgency, Input.Message, Input.ShareContact, Input.FollowUpOn, Input.SheetLanguage),
            actor.UserId, now);
        db.Referrals.Add(referral);
        if (referral.Kind == ReferralKind.WarmHandoff) await mail.NewReferralAsync(referral);
        await db.SaveChangesAsync();
        StatusMessage = L[Input.Kind == ReferralKind.WarmHandoff ? "Referral.Sent" : "Referral.InformationRecorded", Service.Name];
        // Information given is handed to the family on paper: its sheet (in the language chosen here) is what comes next.
        return referral.Kind == ReferralKind.InformationGiven
            ? RedirectToPage("/Referrals/Sheet", new { id = referral.Id })
            : RedirectToPage("/Referrals/Details", new { id = referral.Id });
    }

    /// <summary>
    /// The chosen family's declared needs ticked (the service's other needs stay offered, unticked: a need the family did
    /// not declare must not reach the partner by default), its language for the sheet, and its open referrals for the same needs.
    /// </summary>
    async Task FollowFamilyAsync(Actor actor)
    {
        var chosen = Families.FirstOrDefault(x => x.Id == Input.FamilyId);
        if (chosen is null)
        {
            Input.NeedIds = [];
            return;
        }
        Input.NeedIds = chosen.NeedIds.ToList();
        Input.SheetLanguage = SheetLanguageFor(chosen.Language);
        var family = await db.Families.VisibleTo(actor).AsNoTracking().Include(f => f.Referrals).ThenInclude(r => r.Needs)
            .Include(f => f.Referrals).ThenInclude(r => r.Service).Include(f => f.Referrals).ThenInclude(r => r.Organization)
            .AsSplitQuery().SingleOrDefaultAsync(f => f.Id == chosen.Id);
        // Told early about the family's needs and this service's: an open referral for either is worth a look before writing.
        if (family is not null) Duplicates = DuplicatesOf(family, Input.NeedIds.Union(OfferedNeedIds).ToList());
    }

    /// <summary>The family's language when the sheet speaks it, else French.</summary>
    public static string SheetLanguageFor(string familyLanguage) => SheetText.All.ContainsKey(familyLanguage) ? familyLanguage : "fr";

    static List<(string, string, ReferralKind, ReferralState)> DuplicatesOf(Family family, IReadOnlyCollection<Guid> needIds) =>
        family.Referrals.Where(r => r.IsOpen && r.Needs.Any(n => needIds.Contains(n.NeedCategoryId)))
            .Select(r => (r.Service!.Name, r.Organization!.Name, r.Kind, r.State)).ToList();

    async Task<bool> LoadAsync(Actor actor, Guid serviceId)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Organization).Include(s => s.Categories)
            .Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .SingleOrDefaultAsync(s => s.Id == serviceId);
        if (service is null || !service.IsActive || !service.Organization!.IsActive) return false;
        Service = service;
        PartnerReachable = service.ReferralEmail is not null || service.Organization!.Email is not null;
        var school = await db.Schools.VisibleTo(actor).Where(s => s.Latitude != null && s.Longitude != null).OrderBy(s => s.Name)
            .Select(s => new { s.Latitude, s.Longitude }).FirstOrDefaultAsync();
        Notice = CapacityNotice.For(service, await catalogue.CurrentAsync(db), school is null ? null : new GeoOrigin(school.Latitude!.Value, school.Longitude!.Value));
        PartnerPhone = service.ReferralPhone ?? service.Organization!.Phone;
        Families = (await db.Families.VisibleTo(actor).AsNoTracking().Where(f => f.School!.ClosedOn == null).OrderBy(f => f.Reference)
            .Select(f => new { f.Id, f.Reference, School = f.School!.Name, f.PreferredLanguage, Needs = f.Needs.Select(n => n.NeedCategoryId).ToList() })
            .ToListAsync()).Select(f => new FamilyChoice(f.Id, f.Reference, f.School, f.PreferredLanguage, f.Needs)).ToList();
        // The service's own needs first: the ones this referral is most likely about.
        var offered = service.Categories.Select(c => c.NeedCategoryId).ToHashSet();
        Needs = (await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync())
            .OrderBy(c => offered.Contains(c.Id) ? 0 : 1).ToList();
        OfferedNeedIds = offered;
        return true;
    }

    public sealed record FamilyChoice(Guid Id, string Reference, string School, string Language, List<Guid> NeedIds);

    public class InputModel
    {
        [Display(Name = "Field.Family")]
        public Guid? FamilyId { get; set; }

        public ReferralKind Kind { get; set; }

        public List<Guid> NeedIds { get; set; } = [];

        [StringLength(Referral.MessageMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Message")]
        public string? Message { get; set; }

        [Display(Name = "Field.Urgency")]
        public Urgency Urgency { get; set; }

        [Display(Name = "Referral.ShareContact")]
        public bool ShareContact { get; set; } = true;

        [Display(Name = "Field.FollowUpOn")]
        public DateOnly? FollowUpOn { get; set; }

        [Display(Name = "Field.SheetLanguage")]
        public string? SheetLanguage { get; set; } = "fr";

        [Display(Name = "Referral.ConfirmDuplicate")]
        public bool ConfirmDuplicate { get; set; }
    }
}
