using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>The agent's home: their schools, and the partners closest to each.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper) : PageModel
{
    public const double NearbyKm = 5;
    public const int NearestCount = 5;

    public List<SchoolWithPartners> Schools { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await current.GetAsync();
        var schools = await db.Schools.Where(s => actor.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name)
            .ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        var categories = await db.NeedCategories.ToDictionaryAsync(c => c.Id, c => c.Name(Cultures.IsFrench));
        foreach (var school in schools)
            Schools.Add(new SchoolWithPartners(school, await NearestPartnersAsync(school, categories)));
    }

    async Task<List<NearbyPartner>> NearestPartnersAsync(SchoolRow school, Dictionary<Guid, string> categories)
    {
        var sites = await db.ServiceAtLocations.Listed()
            .SitesWithin(Geodesy.BoxAround(school.Latitude, school.Longitude, NearbyKm))
            .Select(s => new
            {
                s.Service!.OrganizationId,
                Organization = s.Service.Organization!.Name,
                s.ServiceId,
                Service = s.Service.Name,
                s.Location!.Latitude,
                s.Location.Longitude,
                Categories = s.Service.Categories.Select(c => c.NeedCategoryId).ToList(),
            })
            .ToListAsync();
        return sites
            .Select(s => (Site: s, Km: Geodesy.DistanceKm(school.Latitude, school.Longitude, s.Latitude, s.Longitude)))
            .Where(s => s.Km <= NearbyKm)
            .GroupBy(s => s.Site.OrganizationId)
            .Select(g => new NearbyPartner(
                g.Key,
                g.First().Site.Organization,
                g.Min(s => s.Km),
                g.Select(s => new ServiceLink(s.Site.ServiceId, s.Site.Service)).Distinct().OrderBy(s => s.Name).ToList(),
                g.SelectMany(s => s.Site.Categories).Distinct().Select(id => categories[id]).Order().ToList()))
            .OrderBy(p => p.DistanceKm)
            .Take(NearestCount)
            .ToList();
    }

    public sealed record SchoolWithPartners(SchoolRow School, List<NearbyPartner> Partners);

    public sealed record NearbyPartner(Guid OrganizationId, string Name, double DistanceKm, List<ServiceLink> Services, List<string> Categories);

    public sealed record ServiceLink(Guid Id, string Name);
}
