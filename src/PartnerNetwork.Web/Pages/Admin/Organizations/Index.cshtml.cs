using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Organizations;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Organizations;

/// <summary>
/// Every partner organisation: create one, deactivate one (its services leave the directory, its staff lose their access at once), and the listings that
/// take referrals but have no e-mail anywhere — their partner is never told of a new referral — to fix.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper, TimeProvider clock, IStringLocalizer<SharedResource> L, Freshness freshness) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public List<OrganizationRow> Organizations { get; private set; } = [];
    public List<UnreachableRow> Unreachable { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (ModelState.IsValid && await db.Organizations.AnyAsync(o => o.NormalizedName == Organization.NormalizeName(Input.Name)))
            ModelState.AddModelError("Input.Name", L["Organizations.DuplicateName"]);
        if (ModelState.IsValid)
        {
            var organization = new Organization { Id = Guid.NewGuid() };
            Input.ApplyTo(organization);
            db.Organizations.Add(organization);
            try
            {
                await db.SaveChangesAsync();
                StatusMessage = L["Organizations.Created", organization.Name];
                return RedirectToPage();
            }
            catch (DbUpdateException)
            {
                // Created by someone else a moment ago: the unique name index keeps one.
                db.ChangeTracker.Clear();
                ModelState.AddModelError("Input.Name", L["Organizations.DuplicateName"]);
            }
        }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id) => SetActiveAsync(id, false);

    public Task<IActionResult> OnPostReactivateAsync(Guid id) => SetActiveAsync(id, true);

    async Task<IActionResult> SetActiveAsync(Guid id, bool active)
    {
        var actor = await current.GetAsync();
        var organization = await db.Organizations.EditableBy(actor).SingleOrDefaultAsync(o => o.Id == id);
        if (organization is null) return NotFound();
        if (organization.IsActive == active) return RedirectToPage();
        organization.IsActive = active;
        // Its staff lose (or regain) the inbox, its referrals and its listing with it: one entry per account, for the
        // organisation to read. Their sessions are refused at once (SessionStore checks the organisation with the session).
        var now = clock.GetUtcNow().UtcDateTime;
        var staff = await db.Users.Where(u => u.OrganizationId == id && u.IsActive).Select(u => new { u.Id, u.Email }).ToListAsync();
        db.Audit.AddRange(staff.Select(u => new AuditEntry
        {
            At = now, ActorId = actor.UserId, SubjectUserId = u.Id, OrganizationId = id,
            Change = active ? AuditChange.OrganizationReactivated : AuditChange.OrganizationDeactivated,
            Before = active ? "" : AuditEntry.Clip(organization.Name), After = active ? AuditEntry.Clip(organization.Name) : "", AwaitsAcknowledgement = active,
        }));
        await db.SaveChangesAsync();
        StatusMessage = L[active ? "Organizations.Reactivated" : "Organizations.Deactivated", organization.Name];
        return RedirectToPage();
    }

    /// <summary>The organisation's own confirmation period (months), or back to the default when left empty.</summary>
    public async Task<IActionResult> OnPostPeriodAsync(Guid id, int? months)
    {
        var actor = await current.GetAsync();
        var organization = await db.Organizations.EditableBy(actor).SingleOrDefaultAsync(o => o.Id == id);
        if (organization is null) return NotFound();
        // Only "months" is posted here: the create form's Input is not part of this action.
        if (ModelState.TryGetValue("months", out var posted) && posted.Errors.Count > 0 || months is < Freshness.MinDueMonths or > Freshness.MaxDueMonths)
        {
            ModelState.Clear();
            PeriodError = L["Organizations.PeriodRange", Freshness.MinDueMonths, Freshness.MaxDueMonths];
            await LoadAsync();
            return Page();
        }
        organization.VerificationMonths = months;
        await db.SaveChangesAsync();
        StatusMessage = L["Organizations.PeriodSaved", organization.Name, freshness.DueMonthsFor(months)];
        return RedirectToPage();
    }

    public int DefaultMonths => freshness.DueMonths;

    public string? PeriodError { get; private set; }

    async Task LoadAsync()
    {
        Organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ProjectTo<OrganizationRow>(mapper.ConfigurationProvider).ToListAsync();
        Unreachable = await db.Services.AsNoTracking().Listed()
            .Where(s => s.AcceptsReferrals && s.ReferralEmail == null && s.Organization!.Email == null)
            .OrderBy(s => s.Organization!.Name).ThenBy(s => s.Name)
            .ProjectTo<UnreachableRow>(mapper.ConfigurationProvider).ToListAsync();
    }

    public sealed class OrganizationRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public int ActiveServices { get; init; }
        public int Locations { get; init; }
        public bool IsActive { get; init; }
        public bool IsFictitious { get; init; }
        public int? VerificationMonths { get; init; }

        public sealed class Projection : Profile
        {
            public Projection() => CreateProjection<Organization, OrganizationRow>()
                .ForMember(r => r.ActiveServices, o => o.MapFrom(x => x.Services.Count(s => s.Status == ServiceStatus.Active)))
                .ForMember(r => r.Locations, o => o.MapFrom(x => x.Locations.Count));
        }
    }

    /// <summary>A service taking referrals whose partner would get no e-mail: no referral address, no organisation address.</summary>
    public sealed class UnreachableRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public Guid OrganizationId { get; init; }
        public string Organization { get; init; } = "";

        public sealed class Projection : Profile
        {
            public Projection() => CreateProjection<Service, UnreachableRow>()
                .ForMember(r => r.Organization, o => o.MapFrom(s => s.Organization!.Name));
        }
    }
}
