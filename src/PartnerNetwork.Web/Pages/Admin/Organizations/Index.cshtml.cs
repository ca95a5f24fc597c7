using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Admin.Organizations;

/// <summary>Every partner organisation: create one, deactivate one (its services leave the directory).</summary>
public class IndexModel(PartnerNetworkDb db, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

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
        var organization = new Organization
        {
            Id = Guid.NewGuid(),
            Name = name,
            Description = Input.Description?.Trim() ?? "",
            Email = Blank(Input.Email),
            Phone = Blank(Input.Phone),
            Website = Blank(Input.Website),
        };
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

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed record OrganizationRow(Guid Id, string Name, int ActiveServices, int Locations, bool IsActive, bool IsFictitious);

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Organization.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [StringLength(Organization.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Description")]
        public string? Description { get; set; }

        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(Organization.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }

        [RegularExpression(Organization.PhonePattern, ErrorMessage = "Validation.Phone")]
        [StringLength(Organization.PhoneMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Phone")]
        public string? Phone { get; set; }

        [Url(ErrorMessage = "Validation.Url")]
        [StringLength(Organization.WebsiteMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Website")]
        public string? Website { get; set; }
    }
}
