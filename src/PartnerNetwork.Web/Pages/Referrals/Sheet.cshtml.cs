using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// The printable sheet handed to a family for "information given": the service in plain language, in the language
/// chosen (the link carries the culture). It holds nothing about the family.
/// </summary>
public class SheetModel(PartnerNetworkDb db, CurrentActor current) : PageModel
{
    public Service Service { get; private set; } = null!;
    public List<Location> Locations { get; private set; } = [];
    public DateOnly? FollowUpOn { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var referral = await db.Referrals.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
        if (referral is null) return NotFound();
        Service = await db.Services.AsNoTracking().AsSplitQuery().Include(s => s.Organization).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(sal => sal.Location).SingleAsync(s => s.Id == referral.ServiceId);
        Locations = Service.ServiceAtLocations.Select(sal => sal.Location!).OrderBy(l => l.Name).ToList();
        FollowUpOn = referral.Kind == ReferralKind.InformationGiven ? referral.FollowUpOn : null;
        return Page();
    }
}
