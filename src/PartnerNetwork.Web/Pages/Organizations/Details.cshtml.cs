using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations;

/// <summary>An organisation's listing as searchers see it: partner staff's home (their own), admins' view of any.</summary>
public class DetailsModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    public Dictionary<Guid, string> CategoryNames { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        var organizationId = id ?? actor.OrganizationId;
        if (organizationId is not { } wanted) return actor.IsAdmin ? RedirectToPage("/Admin/Organizations/Index") : NotFound();

        // Not yours is "not found": partner staff cannot even learn which ids exist.
        var organization = await db.Organizations.EditableBy(actor).AsNoTracking().AsSplitQuery()
            .Include(o => o.Locations)
            .Include(o => o.Services).ThenInclude(s => s.Categories)
            .Include(o => o.Services).ThenInclude(s => s.Schedules)
            .Include(o => o.Services).ThenInclude(s => s.ServiceAtLocations)
            .SingleOrDefaultAsync(o => o.Id == wanted);
        if (organization is null) return NotFound();
        Organization = organization;
        CategoryNames = await db.NeedCategories.ToDictionaryAsync(c => c.Id, c => c.Name(Cultures.IsFrench));
        Today = QuebecTime.Today(clock);
        return Page();
    }

    public IEnumerable<Location> LocationsOf(Service service) =>
        Organization.Locations.Where(l => service.ServiceAtLocations.Any(sal => sal.LocationId == l.Id));
}
