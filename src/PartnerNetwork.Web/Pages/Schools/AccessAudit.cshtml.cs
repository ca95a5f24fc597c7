using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>
/// For a CSS's staff: who was made an agent of their CSS or given its schools (hence its families), by whom and when.
/// Admins never reach families themselves; this is how the CSS sees that no one was given access behind its back.
/// </summary>
public class AccessAuditModel(PartnerNetworkDb db, CurrentActor current) : PageModel
{
    public const int MaxRows = 500;

    public List<Row> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await current.GetAsync();
        if (actor.ServiceCentreId is not { } centre) return NotFound();
        Entries = await db.Audit.AsNoTracking().Where(e => e.ServiceCentreId == centre)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxRows)
            .Select(e => new Row(e.At,
                db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault() ?? "—",
                db.Users.Where(u => u.Id == e.SubjectUserId).Select(u => u.DisplayName + " <" + u.Email + ">").FirstOrDefault() ?? "—",
                e.Change, e.Details))
            .ToListAsync();
        return Page();
    }

    public sealed record Row(DateTime At, string By, string Whom, AuditChange Change, string Details);
}
