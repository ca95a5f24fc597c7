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
    public List<(Guid Id, string Reference, string School)> Families { get; private set; } = [];
    public List<NeedCategory> Needs { get; private set; } = [];
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
        Input.FamilyId = familyId is { } f && Families.Any(x => x.Id == f) ? f : Families.FirstOrDefault().Id;
        Input.NeedIds = Service.Categories.Select(c => c.NeedCategoryId).ToList();
        Input.FollowUpOn = QuebecTime.DateOf(BusinessDays.AddTo(clock.GetUtcNow().UtcDateTime, DefaultFollowUpBusinessDays));
        // Said as soon as the family and the need are known, before the agent writes anything.
        if (familyId is not null && Input.FamilyId is { } chosen)
        {
            var family = await db.Families.VisibleTo(actor).AsNoTracking().Include(f => f.Referrals).ThenInclude(r => r.Needs)
                .Include(f => f.Referrals).ThenInclude(r => r.Service).Include(f => f.Referrals).ThenInclude(r => r.Organization)
                .AsSplitQuery().SingleOrDefaultAsync(f => f.Id == chosen);
            if (family is not null)
            {
                Duplicates = DuplicatesOf(family, Input.NeedIds);
                Input.SheetLanguage = SheetText.All.ContainsKey(family.PreferredLanguage) ? family.PreferredLanguage : "fr";
            }
        }
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
        var needIds = Input.NeedIds.Distinct().ToList();
        if (needIds.Count == 0) ModelState.AddModelError("Input.NeedIds", L["Referral.NeedRequired"]);
        if (needIds.Any(n => Needs.All(c => c.Id != n))) ModelState.AddModelError("Input.NeedIds", L["Search.UnknownCategory"]);
        if (!Enum.IsDefined(Input.Kind) || !Enum.IsDefined(Input.Urgency)) ModelState.AddModelError("Input.Kind", L["Binding.Missing"]);
        var today = QuebecTime.Today(clock);
        if (Input.Kind == ReferralKind.InformationGiven)
        {
            if (Input.FollowUpOn is null) ModelState.AddModelError("Input.FollowUpOn", L["Referral.FollowUpRequired"]);
            if (Input.SheetLanguage is null || !SheetText.All.ContainsKey(Input.SheetLanguage)) ModelState.AddModelError("Input.SheetLanguage", L["Referral.SheetLanguageRequired"]);
        }
        if (Input.FollowUpOn is { } followUp && (followUp < today || followUp > today.AddMonths(Referral.MaxFollowUpMonths)))
            ModelState.AddModelError("Input.FollowUpOn", L["Referral.FollowUpRange"]);
        if (family is not null && Input.Kind == ReferralKind.WarmHandoff && Input.ShareContact && !family.MayShareWith(Service.OrganizationId, today))
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
            actor.UserId, clock.GetUtcNow().UtcDateTime);
        db.Referrals.Add(referral);
        if (referral.Kind == ReferralKind.WarmHandoff) await mail.NewReferralAsync(referral);
        await db.SaveChangesAsync();
        StatusMessage = L[Input.Kind == ReferralKind.WarmHandoff ? "Referral.Sent" : "Referral.InformationRecorded", Service.Name];
        return RedirectToPage("/Referrals/Details", new { id = referral.Id });
    }

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
        var school = await db.Schools.VisibleTo(actor).OrderBy(s => s.Name).Select(s => new { s.Latitude, s.Longitude }).FirstOrDefaultAsync();
        Notice = CapacityNotice.For(service, await catalogue.CurrentAsync(db), school is null ? null : new GeoOrigin(school.Latitude, school.Longitude));
        PartnerPhone = service.ReferralPhone ?? service.Organization!.Phone;
        Families = (await db.Families.VisibleTo(actor).AsNoTracking().OrderBy(f => f.Reference)
            .Select(f => new { f.Id, f.Reference, School = f.School!.Name }).ToListAsync()).Select(f => (f.Id, f.Reference, f.School)).ToList();
        Needs = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        return true;
    }

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
