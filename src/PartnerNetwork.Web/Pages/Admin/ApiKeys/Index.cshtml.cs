using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.ApiKeys;

/// <summary>Read keys for the HSDS API: issue one (shown once, never stored), list them, revoke one.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public List<ApiKey> Keys { get; private set; } = [];

    /// <summary>The key just issued: shown in this response only.</summary>
    public string? IssuedKey { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostIssueAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var actor = await current.GetAsync();
        var key = Api.ApiKeys.NewKey();
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.NewGuid(), Name = Input.Name.Trim(), Prefix = key[..ApiKey.PrefixLength], Hash = Api.ApiKeys.Hash(key),
            CreatedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        IssuedKey = key;
        ModelState.Clear();
        Input = new InputModel();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id);
        if (key is null) return NotFound();
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        StatusMessage = L["ApiKeys.Revoked", key.Name];
        return RedirectToPage();
    }

    async Task LoadAsync() => Keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync();

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(ApiKey.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "ApiKeys.For")]
        public string Name { get; set; } = "";
    }
}
