using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// The agent's follow-up board: acknowledgements overdue, follow-ups due, declined referrals to redirect, and every
/// referral of their schools by status.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper, TimeProvider clock) : PageModel
{
    public const int MaxRows = 300;
    /// <summary>A declined referral stays on the board to redirect for a month, unless the family was referred again.</summary>
    public const int RedirectWithinDays = 30;

    [BindProperty(SupportsGet = true)] public ReferralState? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }

    public List<Row> Overdue { get; private set; } = [];
    public List<Row> FollowUpsDue { get; private set; } = [];
    public List<Row> ToRedirect { get; private set; } = [];
    public List<Row> All { get; private set; } = [];
    public Dictionary<ReferralState, int> Counts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.Today(clock);
        var scope = db.Referrals.VisibleTo(actor).AsNoTracking();
        if (Mine) scope = scope.Where(r => r.ReferredById == actor.UserId);
        Counts = await scope.GroupBy(r => r.State).ToDictionaryAsync(g => g.Key, g => g.Count());

        var open = await Rows(scope.Where(r => !ReferralWorkflow.FinalStates.Contains(r.State))).ToListAsync();
        Overdue = open.Where(r => Referral.IsAcknowledgementOverdue(r.Kind, r.State, r.CreatedAt, now)).ToList();
        FollowUpsDue = open.Where(r => r.FollowUpOn is { } d && d <= today).OrderBy(r => r.FollowUpOn).ToList();
        var since = now.AddDays(-RedirectWithinDays);
        ToRedirect = await Rows(scope.Where(r => r.State == ReferralState.Declined && r.ClosedAt >= since
                                                 && !r.Family!.Referrals.Any(o => o.CreatedAt > r.ClosedAt))).ToListAsync();

        var listed = State is { } state ? scope.Where(r => r.State == state) : scope;
        All = await Rows(listed.OrderByDescending(r => r.CreatedAt).Take(MaxRows)).ToListAsync();
    }

    IQueryable<Row> Rows(IQueryable<Referral> referrals) => referrals.ProjectTo<Row>(mapper.ConfigurationProvider);

    public static string AlternativesUrl(Row row) => CatalogueLinks.NearSchool(row.SchoolId, row.NeedCodes, row.FamilyId);

    public sealed class Row
    {
        public Guid Id { get; init; }
        public Guid FamilyId { get; init; }
        public string Family { get; init; } = "";
        public Guid SchoolId { get; init; }
        public string Service { get; init; } = "";
        public string Organization { get; init; } = "";
        public ReferralKind Kind { get; init; }
        public ReferralState State { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateOnly? FollowUpOn { get; init; }
        public List<string> NeedCodes { get; init; } = [];

        public sealed class Projection : Profile
        {
            public Projection() => CreateProjection<Referral, Row>()
                .ForMember(r => r.Family, o => o.MapFrom(r => r.Family!.Reference))
                .ForMember(r => r.Service, o => o.MapFrom(r => r.Service!.Name))
                .ForMember(r => r.Organization, o => o.MapFrom(r => r.Organization!.Name))
                .ForMember(r => r.NeedCodes, o => o.MapFrom(r => r.Needs.Select(n => n.NeedCategory!.Code)));
        }
    }
}
