using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
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
        Input = OrganizationInput.From(organization);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var organization = await FindAsync(id);
        if (organization is null) return NotFound();
        if (ModelState.IsValid && await db.Organizations.AnyAsync(o => o.NormalizedName == Organization.NormalizeName(Input.Name) && o.Id != organization.Id))
            ModelState.AddModelError("Input.Name", L["Organizations.DuplicateName"]);
        if (!ModelState.IsValid) return Page();

        db.ExpectVersion(organization, Input.Version);
        Input.ApplyTo(organization);
        organization.MarkVerified(QuebecTime.Today(clock));
        if (!await db.TrySaveAsync())
        {
            // Keep what the user typed; saving again now knowingly replaces the other person's change.
            ModelState.AddModelError(string.Empty, L["Catalogue.Conflict"]);
            ModelState.Remove("Input.Version");
            Input.Version = await db.Organizations.Where(o => o.Id == organization.Id).Select(o => o.Version).SingleAsync();
            return Page();
        }
        StatusMessage = L["Organization.Saved"];
        return RedirectToPage("/Organizations/Details", new { id = organization.Id });
    }

    async Task<Organization?> FindAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        var wanted = id ?? actor.OrganizationId;
        var organization = await db.Organizations.EditableBy(actor).Include(o => o.Services).SingleOrDefaultAsync(o => o.Id == wanted);
        OrganizationId = organization?.Id ?? Guid.Empty;
        return organization;
    }
}
