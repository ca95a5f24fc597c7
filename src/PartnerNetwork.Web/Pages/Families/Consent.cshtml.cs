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
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>
/// Records a family's consent to share its contact details: who, how, when, for which organisations or purpose, until
/// when. The organisations offered are those near the family's school, plus the one a referral form came from.
/// </summary>
public class ConsentModel(PartnerNetworkDb db, CurrentActor current, CatalogueIndexCache catalogue, AccessLog accessLog, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public const double NearbyKm = 25;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Family Family { get; private set; } = null!;
    public List<(Guid Id, string Name)> Organizations { get; private set; } = [];
    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid familyId, Guid? organizationId, string? returnUrl)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, familyId, organizationId, returnUrl)) return NotFound();
        var today = QuebecTime.Today(clock);
        Input.GivenOn = today;
        Input.ExpiresOn = today.AddMonths(Consent.DefaultMonths);
        if (organizationId is { } org && Organizations.Any(o => o.Id == org)) Input.OrganizationIds = [org];
        await accessLog.RecordAsync(actor, familyId, FamilyAccess.ConsentForm);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid familyId, Guid? organizationId, string? returnUrl)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, familyId, organizationId, returnUrl)) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.DateOf(now);
        if (Input.GivenOn is { } given && Consent.GivenOnRefusal(given, today) is { } givenRefusal)
            ModelState.AddModelError("Input.GivenOn", L[givenRefusal]);
        if (Input.GivenOn is { } from && Input.ExpiresOn is { } until && Consent.ExpiresOnRefusal(from, until) is { } untilRefusal)
            ModelState.AddModelError("Input.ExpiresOn", L[untilRefusal, Consent.MaxMonths]);
        if (!Enum.IsDefined(Input.Method)) ModelState.AddModelError("Input.Method", L["Binding.Missing"]);
        var organizationIds = Input.OrganizationIds.Distinct().ToList();
        if (!Input.AnyOrganization && organizationIds.Count == 0)
            ModelState.AddModelError("Input.OrganizationIds", L["Consent.OrganizationNeeded"]);
        if (organizationIds.Count > 0 && await db.Organizations.CountAsync(o => organizationIds.Contains(o.Id)) != organizationIds.Count)
            ModelState.AddModelError("Input.OrganizationIds", L["Consent.UnknownOrganization"]);
        if (!ModelState.IsValid) return Page();

        var consent = new Consent
        {
            Id = Guid.NewGuid(), GivenBy = Input.GivenBy.Trim(), Method = Input.Method, GivenOn = Input.GivenOn!.Value,
            ExpiresOn = Input.ExpiresOn!.Value, Purpose = Input.Purpose.Trim(), AnyOrganization = Input.AnyOrganization,
            RecordedById = actor.UserId, RecordedAt = now,
        };
        if (!Input.AnyOrganization) consent.Organizations = organizationIds.Select(o => new ConsentOrganization { ConsentId = consent.Id, OrganizationId = o }).ToList();
        // The same rules were checked above on the same day: a refusal here is a bug, not the user's.
        if (Family.RecordConsent(consent, now) is { } refusal) throw new InvalidOperationException(refusal);
        await db.SaveChangesAsync();
        StatusMessage = L["Consent.Saved"];
        return ReturnUrl is not null ? LocalRedirect(ReturnUrl) : RedirectToPage("/Families/Details", new { id = Family.Id });
    }

    async Task<bool> LoadAsync(Actor actor, Guid familyId, Guid? organizationId, string? returnUrl)
    {
        var family = await db.Families.VisibleTo(actor).Include(f => f.School).Include(f => f.Referrals)
            .SingleOrDefaultAsync(f => f.Id == familyId);
        if (family is null) return false;
        Family = family;
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? LocalUrl.Encode(returnUrl) : null;
        var index = await catalogue.CurrentAsync(db);
        // A school without a position has no "nearby": the organisations already chosen still show.
        var nearby = family.School!.HasPosition ? index.Search(new CatalogueQuery
        {
            Origin = new GeoOrigin(family.School.Latitude!.Value, family.School.Longitude!.Value), RadiusKm = NearbyKm, PageSize = CatalogueQuery.MaxPageSize,
        }).Hits.Select(h => h.Entry.OrganizationId) : [];
        var wanted = nearby.Concat(family.Referrals.Select(r => r.OrganizationId)).Concat(Input.OrganizationIds)
            .Concat(organizationId is { } org ? [org] : []).Distinct().ToList();
        Organizations = (await db.Organizations.AsNoTracking().Where(o => wanted.Contains(o.Id) && o.IsActive)
            .Select(o => new { o.Id, o.Name }).ToListAsync()).OrderBy(o => o.Name).Select(o => (o.Id, o.Name)).ToList();
        return true;
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Consent.GivenByMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.GivenBy")]
        public string GivenBy { get; set; } = "";

        [Display(Name = "Field.ConsentMethod")]
        public ConsentMethod Method { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.GivenOn")]
        public DateOnly? GivenOn { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.ExpiresOn")]
        public DateOnly? ExpiresOn { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Consent.PurposeMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Purpose")]
        public string Purpose { get; set; } = "";

        [Display(Name = "Consent.AnyOrganization")]
        public bool AnyOrganization { get; set; }

        public List<Guid> OrganizationIds { get; set; } = [];
    }
}
