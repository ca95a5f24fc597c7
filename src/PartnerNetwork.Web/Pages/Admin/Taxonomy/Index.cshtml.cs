using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Admin.Taxonomy;

/// <summary>
/// The table that maps other taxonomies' terms (a 211's codes, AIRS names…) to our needs, read by every HSDS import:
/// an imported service whose term is mapped lands in that need; an unmapped one is reported, never guessed.
/// </summary>
public class IndexModel(PartnerNetworkDb db, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public List<(TaxonomyMapping Mapping, string Need)> Mappings { get; private set; } = [];
    public List<SelectListItem> Needs { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var need = await db.NeedCategories.AsNoTracking().SingleOrDefaultAsync(n => n.Code == Input.NeedCode);
        if (need is null) ModelState.AddModelError("Input.NeedCode", L["Validation.Required"]);
        var folded = TextNormalizer.Fold(Input.ExternalTerm?.Trim() ?? "");
        if (ModelState.IsValid && folded.Length == 0) ModelState.AddModelError("Input.ExternalTerm", L["Validation.Required"]);
        if (ModelState.IsValid && await db.TaxonomyMappings.AnyAsync(m => m.FoldedTerm == folded))
            ModelState.AddModelError("Input.ExternalTerm", L["Taxonomy.AlreadyMapped"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        db.TaxonomyMappings.Add(new TaxonomyMapping { Id = Guid.NewGuid(), ExternalTerm = Input.ExternalTerm!.Trim(), FoldedTerm = folded, NeedCategoryId = need!.Id });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Someone mapped the same term at the same moment: theirs stands.
            ModelState.AddModelError("Input.ExternalTerm", L["Taxonomy.AlreadyMapped"]);
            db.ChangeTracker.Clear();
            await LoadAsync();
            return Page();
        }
        StatusMessage = L["Taxonomy.Added", Input.ExternalTerm.Trim(), UiLanguage() == "en" ? need.NameEn : need.NameFr];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        var mapping = await db.TaxonomyMappings.SingleOrDefaultAsync(m => m.Id == id);
        if (mapping is null) return NotFound();
        db.TaxonomyMappings.Remove(mapping);
        await db.SaveChangesAsync();
        StatusMessage = L["Taxonomy.Removed", mapping.ExternalTerm];
        return RedirectToPage();
    }

    static string UiLanguage() => ListingHtml.UiLanguage;

    async Task LoadAsync()
    {
        var english = UiLanguage() == "en";
        var needs = await db.NeedCategories.AsNoTracking().OrderBy(n => n.SortOrder).ToListAsync();
        Needs = needs.Select(n => new SelectListItem(english ? n.NameEn : n.NameFr, n.Code)).ToList();
        var names = needs.ToDictionary(n => n.Id, n => english ? n.NameEn : n.NameFr);
        Mappings = (await db.TaxonomyMappings.AsNoTracking().OrderBy(m => m.ExternalTerm).ToListAsync()).Select(m => (m, names[m.NeedCategoryId])).ToList();
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(TaxonomyMapping.TermMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Taxonomy.ExternalTerm")]
        public string? ExternalTerm { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Taxonomy.Need")]
        public string? NeedCode { get; set; }
    }
}
