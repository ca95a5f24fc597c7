using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Organizations;

namespace PartnerNetwork.Web.Pages.Admin.Organizations;

/// <summary>Every partner organisation: create one, deactivate one (its services leave the directory).</summary>
public class IndexModel(PartnerNetworkDb db, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public List<OrganizationRow> Organizations { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var name = Input.Name.Trim();
        if (ModelState.IsValid && await db.Organizations.AnyAsync(o => o.Name == name))
            ModelState.AddModelError("Input.Name", L["Organizations.DuplicateName"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var organization = new Organization { Id = Guid.NewGuid() };
        Input.ApplyTo(organization);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        StatusMessage = L["Organizations.Created", organization.Name];
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id) => SetActiveAsync(id, false);

    public Task<IActionResult> OnPostReactivateAsync(Guid id) => SetActiveAsync(id, true);

    async Task<IActionResult> SetActiveAsync(Guid id, bool active)
    {
        var organization = await db.Organizations.FindAsync(id);
        if (organization is null) return NotFound();
        organization.IsActive = active;
        await db.SaveChangesAsync();
        StatusMessage = L[active ? "Organizations.Reactivated" : "Organizations.Deactivated", organization.Name];
        return RedirectToPage();
    }

    async Task LoadAsync() =>
        Organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OrganizationRow(o.Id, o.Name, o.Services.Count(s => s.Status == ServiceStatus.Active), o.Locations.Count, o.IsActive, o.IsFictitious))
            .ToListAsync();


    public sealed record OrganizationRow(Guid Id, string Name, int ActiveServices, int Locations, bool IsActive, bool IsFictitious);
}
