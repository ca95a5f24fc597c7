using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Referrals;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>The families of the agent's schools, found by reference.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current) : PageModel
{
    public const int MaxRows = 200;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }

    public List<Row> Families { get; private set; } = [];

    public sealed record Row(Guid Id, string Reference, string School, int OpenReferrals, DateTime LastActivityAt);

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var query = db.Families(actor).AsNoTracking().Where(f => f.AnonymisedAt == null);
        if (!string.IsNullOrWhiteSpace(Text) && Text.Length <= 100) query = query.Where(f => f.Reference.Contains(Text.Trim()));
        Families = await query.OrderByDescending(f => f.LastActivityAt).Take(MaxRows)
            .Select(f => new Row(f.Id, f.Reference, f.School!.Name,
                f.Referrals.Count(r => !ReferralWorkflow.FinalStates.Contains(r.State)),
                f.LastActivityAt))
            .ToListAsync();
    }
}
