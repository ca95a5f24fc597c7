using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>The agent's home: their schools, and the partners closest to each.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, CatalogueIndexCache catalogue, IMapper mapper) : PageModel
{
    public const double NearbyKm = 5;
    public const int NearestCount = 5;

    public List<SchoolWithPartners> Schools { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        // A closed school stays (its families' history), last and without partners to refer to.
        var schools = await db.Schools.VisibleTo(actor).OrderBy(s => s.ClosedOn != null).ThenBy(s => s.Name)
            .ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        var categories = await db.NeedCategories.ToDictionaryAsync(c => c.Id, c => c.Name(Cultures.IsFrench));
        var index = await catalogue.CurrentAsync(db);
        foreach (var school in schools)
            Schools.Add(new SchoolWithPartners(school, NearestPartners(index, school, categories)));
    }

    /// <summary>
    /// The closest organisations, from the directory index (the database would read every site in the box: thousands
    /// downtown on a provincial directory). The nearest services are plenty to find five organisations.
    /// </summary>
    static List<NearbyPartner> NearestPartners(CatalogueIndex index, SchoolRow school, Dictionary<Guid, string> categories) => !school.HasPosition || school.ClosedOn is not null ? [] :
        index.Search(new CatalogueQuery
            {
                Origin = new GeoOrigin(school.Latitude!.Value, school.Longitude!.Value), RadiusKm = NearbyKm, PageSize = CatalogueQuery.MaxPageSize,
            })
            .Hits.Where(h => h.DistanceKm is not null)
            .GroupBy(h => h.Entry.OrganizationId)
            .Select(g => new NearbyPartner(
                g.Key,
                g.First().Entry.OrganizationName,
                g.Min(h => h.DistanceKm!.Value),
                g.Select(h => new ServiceLink(h.Entry.ServiceId, h.Entry.ServiceName)).Distinct().OrderBy(s => s.Name).ToList(),
                g.SelectMany(h => h.Entry.CategoryIds).Distinct().Select(id => categories[id]).Order().ToList()))
            .OrderBy(p => p.DistanceKm)
            .Take(NearestCount)
            .ToList();

    public sealed record SchoolWithPartners(SchoolRow School, List<NearbyPartner> Partners);

    public sealed record NearbyPartner(Guid OrganizationId, string Name, double DistanceKm, List<ServiceLink> Services, List<string> Categories);

    public sealed record ServiceLink(Guid Id, string Name);
}
