using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Referrals;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// The agent's follow-up board: acknowledgements overdue, follow-ups due, declined referrals to redirect, and every
/// referral of their schools by status.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock) : PageModel
{
    public const int MaxRows = 300;

    [BindProperty(SupportsGet = true)] public ReferralState? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }

    public List<Row> Overdue { get; private set; } = [];
    public List<Row> FollowUpsDue { get; private set; } = [];
    public List<Row> ToRedirect { get; private set; } = [];
    public List<Row> All { get; private set; } = [];
    public Dictionary<ReferralState, int> Counts { get; private set; } = [];

    public sealed record Row(Guid Id, Guid FamilyId, string Family, Guid SchoolId, string Service, string Organization, ReferralKind Kind,
        ReferralState State, DateTime CreatedAt, DateOnly? FollowUpOn, List<string> NeedCodes);

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = WeeklyHours.Today(clock);
        var scope = db.Referrals(actor).AsNoTracking();
        if (Mine) scope = scope.Where(r => r.ReferredById == actor.UserId);
        Counts = await scope.GroupBy(r => r.State).ToDictionaryAsync(g => g.Key, g => g.Count());

        var open = await Rows(scope.Where(r => !ReferralWorkflow.FinalStates.Contains(r.State))).ToListAsync();
        Overdue = open.Where(r => Referral.AwaitsAcknowledgementSince(r.Kind, r.State, r.CreatedAt, ReferralJobs.ReminderBusinessDays, now)).ToList();
        FollowUpsDue = open.Where(r => r.FollowUpOn is { } d && d <= today).OrderBy(r => r.FollowUpOn).ToList();
        // Declined in the last month and not yet followed by another referral for the family.
        var since = now.AddDays(-30);
        ToRedirect = await Rows(scope.Where(r => r.State == ReferralState.Declined && r.ClosedAt >= since
                                                 && !r.Family!.Referrals.Any(o => o.CreatedAt > r.ClosedAt))).ToListAsync();

        var listed = State is { } state ? scope.Where(r => r.State == state) : scope;
        All = await Rows(listed.OrderByDescending(r => r.CreatedAt).Take(MaxRows)).ToListAsync();
    }

    IQueryable<Row> Rows(IQueryable<Referral> referrals) => referrals.Select(r => new Row(
        r.Id, r.FamilyId, r.Family!.Reference, r.SchoolId, r.Service!.Name, r.Organization!.Name, r.Kind, r.State, r.CreatedAt, r.FollowUpOn,
        r.Needs.Select(n => n.NeedCategory!.Code).ToList()));

    public static string AlternativesUrl(Row row) => CatalogueLinks.NearSchool(row.SchoolId, row.NeedCodes);
}
