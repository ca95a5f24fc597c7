using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations;

/// <summary>
/// For a partner organisation's staff: who can read the referrals sent to it now (its active staff accounts) and every
/// change to that — accounts created, moved in or out, e-mail changes, (de)activations, set-password links.
/// </summary>
public class AccessAuditModel(CurrentActor current, AccessRecords records, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public AccessRecords.View Records { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await current.GetAsync();
        if (actor.OrganizationId is null) return NotFound();
        Records = await records.ReadAsync(actor);
        return Page();
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id)
    {
        if (!await records.AcknowledgeAsync(await current.GetAsync(), id)) return NotFound();
        StatusMessage = L["Audit.AcknowledgedStatus"];
        return RedirectToPage();
    }
}
