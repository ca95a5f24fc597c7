using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Catalogue;

/// <summary>Everything an agent needs to decide on a referral, with the locations on a small map and in a list.</summary>
public class ServiceModel(PartnerNetworkDb db, CurrentActor current, CatalogueIndexCache catalogue, TimeProvider clock, Freshness freshness) : PageModel
{
    public Service Service { get; private set; } = null!;
    public ServiceCard Card { get; private set; } = null!;
    public CapacityNotice? Notice { get; private set; }
    /// <summary>The family the agent came looking for help for, carried on to the referral form.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Family { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var service = await db.Services.AsNoTracking().AsSplitQuery()
            .Include(s => s.Organization)
            .Include(s => s.Categories)
            .Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(sal => sal.Location)
            .SingleOrDefaultAsync(s => s.Id == id);
        var mayEdit = service is not null && await db.Organizations.EditableBy(actor).AnyAsync(o => o.Id == service.OrganizationId);
        // Inactive listings are not in the directory: only their own staff and admins still see them.
        if (service is null || (!(service.IsActive && service.Organization!.IsActive) && !mayEdit)) return NotFound();
        Service = service;
        var names = await db.NeedCategories.ToDictionaryAsync(c => c.Id, c => c.Name(Cultures.IsFrench));
        Card = new ServiceCard(service, service.ServiceAtLocations.Select(sal => sal.Location!).OrderBy(l => l.Name).ToList(),
            names, QuebecTime.Today(clock), HeadingLevel: 2, CanEdit: mayEdit, StaleMonths: freshness.StaleMonths);
        Notice = CapacityNotice.For(service, await catalogue.CurrentAsync(db), null);
        return Page();
    }
}
