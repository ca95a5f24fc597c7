using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Referrals;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Inbox;

/// <summary>
/// The partner's inbox: referrals sent to their organisation, new ones first, overdue acknowledgements highlighted.
/// Shows no family detail: those are on the referral page, when consent shares them.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock) : PageModel
{
    public const int MaxRows = 300;

    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }

    public List<Row> Rows { get; private set; } = [];

    public sealed record Row(Guid Id, string Service, Urgency Urgency, ReferralState State, DateTime CreatedAt, bool Overdue, List<string> Needs);

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var french = Cultures.IsFrench;
        var referrals = await db.Referrals(actor).AsNoTracking()
            .Where(r => ReferralWorkflow.FinalStates.Contains(r.State) == Closed)
            .OrderByDescending(r => r.CreatedAt).Take(MaxRows)
            .Select(r => new
            {
                r.Id, Service = r.Service!.Name, r.Urgency, r.State, r.CreatedAt,
                Needs = r.Needs.Select(n => french ? n.NeedCategory!.NameFr : n.NeedCategory!.NameEn).ToList(),
            })
            .ToListAsync();
        Rows = referrals
            .Select(r => new Row(r.Id, r.Service, r.Urgency, r.State, r.CreatedAt,
                Referral.AwaitsAcknowledgementSince(ReferralKind.WarmHandoff, r.State, r.CreatedAt, ReferralJobs.ReminderBusinessDays, now), r.Needs))
            // New first (the most urgent, the oldest waiting first), then the rest by date.
            .OrderBy(r => r.State == ReferralState.Sent ? 0 : 1)
            .ThenBy(r => r.State == ReferralState.Sent ? -(int)r.Urgency : 0)
            .ThenBy(r => r.State == ReferralState.Sent ? r.CreatedAt.Ticks : -r.CreatedAt.Ticks)
            .ToList();
    }
}
