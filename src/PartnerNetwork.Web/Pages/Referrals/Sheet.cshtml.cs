using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// The plain-language sheet a family takes home, for both kinds of referral: who will call or how to reach the service,
/// when and where, the follow-up date in words and the agent to call at school. Printed in the family's language when
/// the sheet speaks it (French, English, Spanish, Arabic right to left, Haitian Creole, Simplified Chinese); the
/// service's own text is the partner's, in that language when the partner wrote it, else in French (marked), and the
/// agent is told when an interpreter is needed. It holds nothing about the family.
/// </summary>
public class SheetModel(PartnerNetworkDb db, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "lang")] public string? Lang { get; set; }

    public Service Service { get; private set; } = null!;
    public List<Location> Locations { get; private set; } = [];
    public Referral Referral { get; private set; } = null!;
    public SheetText Text { get; private set; } = SheetText.All["fr"];
    public string LanguageCode { get; private set; } = "fr";
    public string FamilyLanguage { get; private set; } = "fr";
    public string AgentName { get; private set; } = "";
    public string SchoolName { get; private set; } = "";
    public string? SchoolPhone { get; private set; }

    /// <summary>The family asked for an interpreter, or the partner did not write the service's text in the family's language.</summary>
    public bool InterpreterNeeded { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var referral = await db.Referrals.VisibleTo(actor).AsNoTracking().Include(r => r.Family).SingleOrDefaultAsync(r => r.Id == id);
        if (referral is null) return NotFound();
        Referral = referral;
        Service = await db.Services.AsNoTracking().AsSplitQuery().Include(s => s.Organization).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(sal => sal.Location).SingleAsync(s => s.Id == referral.ServiceId);
        Locations = Service.ServiceAtLocations.Select(sal => sal.Location!).OrderBy(l => l.Name).ToList();
        FamilyLanguage = referral.Family!.PreferredLanguage;
        InterpreterNeeded = referral.Family.InterpreterNeeded || !(SheetText.All.ContainsKey(FamilyLanguage) && Service.IsWrittenIn(FamilyLanguage));
        LanguageCode = SheetText.LanguageFor(Lang, FamilyLanguage, referral.SheetLanguage);
        Text = SheetText.All[LanguageCode];
        AgentName = await db.Users.Where(u => u.Id == referral.ReferredById).Select(u => u.DisplayName).SingleAsync();
        // An anonymous type, not a tuple: PostgreSQL would send a tuple back as a record Npgsql does not read.
        var school = await db.Schools.Where(s => s.Id == referral.SchoolId).Select(s => new { s.Name, s.Phone }).SingleAsync();
        (SchoolName, SchoolPhone) = (school.Name, school.Phone);
        return Page();
    }
}
