using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>The families of the agent's schools, found by reference.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper, AccessLog accessLog) : PageModel
{
    public const int MaxRows = 200;
    public const int MaxSearchLength = 100;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }

    public List<Row> Families { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var query = db.Families.VisibleTo(actor).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Text) && Text.Length <= MaxSearchLength) query = query.Where(f => f.Reference.Contains(Text.Trim()));
        Families = await query.OrderByDescending(f => f.LastActivityAt).Take(MaxRows)
            .ProjectTo<Row>(mapper.ConfigurationProvider).ToListAsync();
        await accessLog.RecordManyAsync(actor, Families.Select(f => (f.Id, (Guid?)null)), FamilyAccess.SeenInList);
    }

    public sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string School { get; init; } = "";
        public int OpenReferrals { get; init; }
        public DateTime LastActivityAt { get; init; }

        public sealed class Projection : Profile
        {
            public Projection() => CreateProjection<Family, Row>()
                .ForMember(r => r.School, o => o.MapFrom(f => f.School!.Name))
                .ForMember(r => r.OpenReferrals, o => o.MapFrom(f => f.Referrals.Count(r => !ReferralWorkflow.FinalStates.Contains(r.State))));
        }
    }
}
