using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations.Services;

/// <summary>Partner staff keep their services current (admins any); saving marks the service verified today.</summary>
public class EditModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel, IServiceForm
{
    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? ServiceId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string OrganizationName { get; private set; } = "";
    public List<NeedCategory> Categories { get; private set; } = [];
    public List<Location> Locations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? organizationId)
    {
        var (found, service) = await OpenAsync(id, organizationId);
        if (!found) return NotFound();
        Input = service is null ? ServiceInput.New() : ServiceInput.From(service, Categories);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? organizationId)
    {
        var (found, service) = await OpenAsync(id, organizationId);
        if (!found) return NotFound();
        Validate();
        if (!ModelState.IsValid) return Page();

        if (service is null)
        {
            service = new Service { Id = Guid.NewGuid(), OrganizationId = OrganizationId };
            db.Services.Add(service);
        }
        else
        {
            db.ExpectVersion(service, Input.Version);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        Input.ApplyTo(service, Categories, now);
        service.MarkVerified(QuebecTime.Today(clock));
        if (!await db.TrySaveAsync())
        {
            // Keep what the user typed; saving again now knowingly replaces the other person's change.
            ModelState.AddModelError(string.Empty, L["Catalogue.Conflict"]);
            ModelState.Remove("Input.Version");
            Input.Version = await db.Services.Where(s => s.Id == service.Id).Select(s => s.Version).SingleAsync();
            await LoadAsync();
            return Page();
        }
        StatusMessage = L["Service.Saved", service.Name];
        return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
    }

    /// <summary>The service (or none, for a new one) and the form's options, when the actor may edit its organisation.</summary>
    async Task<(bool Found, Service? Service)> OpenAsync(Guid? id, Guid? organizationId)
    {
        var actor = await current.GetAsync();
        Service? service = null;
        if (id is { } serviceId)
        {
            service = await db.Services.EditableBy(actor).Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations)
                .SingleOrDefaultAsync(s => s.Id == serviceId);
            if (service is null) return (false, null);
            // The organisation comes from the stored service, never from the form.
            organizationId = service.OrganizationId;
        }
        var wanted = organizationId ?? actor.OrganizationId;
        var organization = await db.Organizations.EditableBy(actor).Where(o => o.Id == wanted).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync();
        if (organization is null) return (false, null);
        (ServiceId, OrganizationId, OrganizationName) = (id, organization.Id, organization.Name);
        await LoadAsync();
        return (true, service);
    }

    async Task LoadAsync()
    {
        Categories = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        Locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == OrganizationId).OrderBy(l => l.Name).ToListAsync();
    }

    void Validate() => Input.Validate(ModelState, Categories, Locations, L);

    public static string DayName(DayOfWeek day) => ServiceInput.DayName(day);
}
