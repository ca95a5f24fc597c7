using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations.Locations;

/// <summary>Where an organisation receives families; coordinates must fall in Quebec.</summary>
public class EditModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? LocationId { get; private set; }
    public Guid OrganizationId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? organizationId)
    {
        var (found, location) = await FindAsync(id, organizationId);
        if (!found) return NotFound();
        if (location is not null)
        {
            Input = new InputModel
            {
                Name = location.Name, Address1 = location.Address1, City = location.City, PostalCode = location.PostalCode,
                Latitude = location.Latitude, Longitude = location.Longitude, Accessibility = location.Accessibility, Version = location.Version,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? organizationId)
    {
        var (found, location) = await FindAsync(id, organizationId);
        if (!found) return NotFound();
        if (Input.Latitude is { } lat && Input.Longitude is { } lon && !Quebec.Contains(lat, lon))
            ModelState.AddModelError("Input.Latitude", L["Location.OutsideQuebec"]);
        if (!ModelState.IsValid) return Page();

        if (location is null)
        {
            location = new Location { Id = Guid.NewGuid(), OrganizationId = OrganizationId };
            db.Locations.Add(location);
        }
        else
        {
            db.ExpectVersion(location, Input.Version);
        }
        location.Name = Input.Name.Trim();
        location.Address1 = Input.Address1.Trim();
        location.City = Input.City.Trim();
        location.PostalCode = Input.PostalCode.Trim().ToUpperInvariant();
        location.Latitude = Input.Latitude!.Value;
        location.Longitude = Input.Longitude!.Value;
        location.Accessibility = FormText.OrNull(Input.Accessibility);
        var today = QuebecTime.Today(clock);
        foreach (var service in location.ServiceAtLocations.Select(sal => sal.Service!)) service.MarkVerified(today);
        if (!await db.TrySaveAsync())
        {
            ModelState.AddModelError(string.Empty, L["Catalogue.Conflict"]);
            ModelState.Remove("Input.Version");
            Input.Version = await db.Locations.Where(l => l.Id == location.Id).Select(l => l.Version).SingleAsync();
            return Page();
        }
        StatusMessage = L["Location.Saved", location.Name];
        return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
    }

    async Task<(bool Found, Location? Location)> FindAsync(Guid? id, Guid? organizationId)
    {
        var actor = await current.GetAsync();
        Location? location = null;
        if (id is { } locationId)
        {
            // The organisation comes from the stored location, never from the form.
            location = await db.Locations.EditableBy(actor).Include(l => l.ServiceAtLocations).ThenInclude(sal => sal.Service)
                .SingleOrDefaultAsync(l => l.Id == locationId);
            if (location is null) return (false, null);
            organizationId = location.OrganizationId;
        }
        var wanted = organizationId ?? actor.OrganizationId;
        if (!await db.Organizations.EditableBy(actor).AnyAsync(o => o.Id == wanted)) return (false, null);
        (LocationId, OrganizationId) = (id, wanted!.Value);
        return (true, location);
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Location.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Location.AddressMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Address")]
        public string Address1 { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Location.CityMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.City")]
        public string City { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [RegularExpression(Location.PostalCodePattern, ErrorMessage = "Validation.PostalCode")]
        [Display(Name = "Field.PostalCode")]
        public string PostalCode { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [Range(-90.0, 90.0, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.Latitude")]
        public double? Latitude { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Range(-180.0, 180.0, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.Longitude")]
        public double? Longitude { get; set; }

        [StringLength(Location.AccessibilityMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Accessibility")]
        public string? Accessibility { get; set; }

        /// <summary>The version the form showed.</summary>
        public Guid Version { get; set; }
    }
}
