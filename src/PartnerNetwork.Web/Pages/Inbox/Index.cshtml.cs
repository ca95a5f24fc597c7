using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Inbox;

/// <summary>
/// The partner's inbox: referrals sent to their organisation, new ones first, overdue acknowledgements highlighted.
/// Shows no family detail: those are on the referral page, when consent shares them.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper, TimeProvider clock) : PageModel
{
    public const int MaxRows = 300;

    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Referrals.VisibleTo(actor).AsNoTracking()
            .Where(r => ReferralWorkflow.FinalStates.Contains(r.State) == Closed)
            .OrderByDescending(r => r.CreatedAt).Take(MaxRows)
            .ProjectTo<Row>(mapper.ConfigurationProvider, new { french = Cultures.IsFrench })
            .ToListAsync();
        foreach (var row in rows) row.Overdue = Referral.IsAcknowledgementOverdue(row.Kind, row.State, row.CreatedAt, now);
        // New first (the most urgent, the oldest waiting first), then the rest by date.
        Rows = rows
            .OrderBy(r => r.State == ReferralState.Sent ? 0 : 1)
            .ThenBy(r => r.State == ReferralState.Sent ? -(int)r.Urgency : 0)
            .ThenBy(r => r.State == ReferralState.Sent ? r.CreatedAt.Ticks : -r.CreatedAt.Ticks)
            .ToList();
    }

    public sealed class Row
    {
        public Guid Id { get; init; }
        public string Service { get; init; } = "";
        public ReferralKind Kind { get; init; }
        public Urgency Urgency { get; init; }
        public ReferralState State { get; init; }
        public DateTime CreatedAt { get; init; }
        public List<string> Needs { get; init; } = [];
        public bool Overdue { get; set; }

        public sealed class Projection : Profile
        {
            public Projection()
            {
                // Set per query: the need names in the reader's language.
                var french = true;
                CreateProjection<Referral, Row>()
                    .ForMember(r => r.Service, o => o.MapFrom(r => r.Service!.Name))
                    .ForMember(r => r.Needs, o => o.MapFrom(r => r.Needs.Select(n => french ? n.NeedCategory!.NameFr : n.NeedCategory!.NameEn)))
                    .ForMember(r => r.Overdue, o => o.Ignore());
            }
        }
    }
}
