using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations;

/// <summary>An organisation's own details; saving confirms the whole listing as verified today.</summary>
public class EditModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid OrganizationId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        var organization = await FindAsync(id);
        if (organization is null) return NotFound();
        OrganizationId = organization.Id;
        Input = new OrganizationInput
        {
            Name = organization.Name, Description = organization.Description, Email = organization.Email,
            Phone = organization.Phone, Website = organization.Website,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var organization = await FindAsync(id);
        if (organization is null) return NotFound();
        OrganizationId = organization.Id;
        var name = Input.Name.Trim();
        if (ModelState.IsValid && await db.Organizations.AnyAsync(o => o.Name == name && o.Id != organization.Id))
            ModelState.AddModelError("Input.Name", L["Organizations.DuplicateName"]);
        if (!ModelState.IsValid) return Page();

        Input.ApplyTo(organization);
        var today = WeeklyHours.Today(clock);
        await db.Services.Where(s => s.OrganizationId == organization.Id).ForEachAsync(s => s.AssuredDate = today);
        await db.SaveChangesAsync();
        StatusMessage = L["Organization.Saved"];
        return RedirectToPage("/Organizations/Details", new { id = organization.Id });
    }

    async Task<Organization?> FindAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        var wanted = id ?? actor.OrganizationId;
        if (wanted is not { } organizationId || !actor.MayEditOrganization(organizationId)) return null;
        return await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId);
    }

}
