using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Inbox;

/// <summary>
/// The partner's inbox, for triage without opening each referral: who (the family's first name or code only when a
/// consent in force shares it, else the referral's reference), school, language and interpreter, best time to call,
/// urgency, age in business days, overdue flags; filtered by service and state, sorted by urgency or age.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper, AccessLog accessLog, TimeProvider clock) : PageModel
{
    public const int MaxRows = 300;
    public static readonly string[] Sorts = ["urgency", "age"];

    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Service { get; set; }
    [BindProperty(SupportsGet = true)] public ReferralState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    public List<Row> Rows { get; private set; } = [];
    public List<(Guid Id, string Name)> Services { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.Today(clock);
        var mine = db.Referrals.VisibleTo(actor).AsNoTracking();
        Services = (await db.Services.Where(s => mine.Any(r => r.ServiceId == s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync())
            .Select(s => (s.Id, s.Name)).ToList();
        if (State is { } state && !Enum.IsDefined(state)) State = null;
        if (Sort is not null && !Sorts.Contains(Sort)) Sort = null;

        var referrals = mine.Where(r => ReferralWorkflow.FinalStates.Contains(r.State) == Closed);
        if (Service is { } service) referrals = referrals.Where(r => r.ServiceId == service);
        if (State is { } wanted) referrals = referrals.Where(r => r.State == wanted);
        var rows = await referrals.OrderByDescending(r => r.CreatedAt).Take(MaxRows)
            .ProjectTo<Row>(mapper.ConfigurationProvider, new { french = Cultures.IsFrench, today })
            .ToListAsync();
        foreach (var row in rows)
        {
            row.Overdue = Referral.IsAcknowledgementOverdue(row.Kind, row.State, row.CreatedAt, now);
            row.AgeBusinessDays = BusinessDays.Taken(row.CreatedAt, now);
        }
        Rows = Sort switch
        {
            "age" => rows.OrderByDescending(r => r.AgeBusinessDays).ThenByDescending(r => r.Urgency).ToList(),
            "urgency" => rows.OrderByDescending(r => r.Urgency).ThenByDescending(r => r.AgeBusinessDays).ToList(),
            // New first (the most urgent, the oldest waiting first), then the rest by date.
            _ => rows.OrderBy(r => r.State == ReferralState.Sent ? 0 : 1)
                .ThenBy(r => r.State == ReferralState.Sent ? -(int)r.Urgency : 0)
                .ThenBy(r => r.State == ReferralState.Sent ? r.CreatedAt.Ticks : -r.CreatedAt.Ticks)
                .ToList(),
        };
        // Rows show the family's reference only where a consent shares it; those are the looks to log.
        await accessLog.RecordManyAsync(actor, Rows.Where(r => r.Family is not null).Select(r => (r.FamilyId, (Guid?)r.Id)), FamilyAccess.SeenInList);
    }

    /// <summary>The short reference a partner quotes when the family's name is not shared: the referral id's first characters.</summary>
    public static string ReferenceOf(Guid id) => id.ToString("N")[..8].ToUpperInvariant();

    public sealed class Row
    {
        public Guid Id { get; init; }
        public Guid FamilyId { get; init; }
        public string Service { get; init; } = "";
        public string School { get; init; } = "";
        /// <summary>Only when a consent in force today shares the family's details with this organisation; null otherwise.</summary>
        public string? Family { get; init; }
        public string Language { get; init; } = "";
        public bool InterpreterNeeded { get; init; }
        public ContactTimes Times { get; init; }
        public ReferralKind Kind { get; init; }
        public Urgency Urgency { get; init; }
        public ReferralState State { get; init; }
        public DateTime CreatedAt { get; init; }
        public List<string> Needs { get; init; } = [];
        public bool Overdue { get; set; }
        public int AgeBusinessDays { get; set; }

        public sealed class Projection : Profile
        {
            public Projection()
            {
                // Set per query: the need names in the reader's language, and Quebec's date for consents in force.
                var french = true;
                var today = DateOnly.MinValue;
                CreateProjection<Referral, Row>()
                    .ForMember(r => r.Service, o => o.MapFrom(r => r.Service!.Name))
                    .ForMember(r => r.School, o => o.MapFrom(r => r.Family!.School!.Name))
                    .ForMember(r => r.Family, o => o.MapFrom(r => r.ShareContact && r.Family!.AnonymisedAt == null
                        && r.Family.Consents.Any(c => c.WithdrawnAt == null && c.GivenOn <= today && today <= c.ExpiresOn
                                                      && (c.AnyOrganization || c.Organizations.Any(o => o.OrganizationId == r.OrganizationId)))
                        ? r.Family.Reference : null))
                    .ForMember(r => r.Language, o => o.MapFrom(r => r.Family!.PreferredLanguage))
                    .ForMember(r => r.InterpreterNeeded, o => o.MapFrom(r => r.Family!.InterpreterNeeded))
                    .ForMember(r => r.Times, o => o.MapFrom(r => r.Family!.Times))
                    .ForMember(r => r.Needs, o => o.MapFrom(r => r.Needs.Select(n => french ? n.NeedCategory!.NameFr : n.NeedCategory!.NameEn)))
                    .ForMember(r => r.Overdue, o => o.Ignore())
                    .ForMember(r => r.AgeBusinessDays, o => o.Ignore());
            }
        }
    }
}
