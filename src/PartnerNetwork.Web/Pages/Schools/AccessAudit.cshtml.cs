using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>
/// For a CSS's staff: who can reach their CSS's families now (its active agents and their schools) and every change to
/// that — role, CSS, schools, e-mail, activation, set-password links — by whom and when; new accesses wait for one of them
/// to acknowledge. Admins read every entry here. Admins never reach families themselves: this is how the CSS checks.
/// </summary>
public class AccessAuditModel(CurrentActor current, AccessRecords records, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public AccessRecords.View Records { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await current.GetAsync();
        if (actor.Role == Role.CssStaff && actor.ServiceCentreId is null) return NotFound();
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
