using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>
/// When a service cannot take a family now (full, or not taking referrals), what to say before the agent writes
/// anything: its state, whether it keeps a waiting list, and the nearest services for the same needs that do take
/// referrals.
/// </summary>
public sealed record CapacityNotice(CapacityState State, int WaitlistLength, IReadOnlyList<CatalogueHit> Alternatives)
{
    public const int Count = 3;
    public const double RadiusKm = 25;

    /// <summary>Null when the service takes referrals: nothing to say.</summary>
    public static CapacityNotice? For(Service service, CatalogueIndex index, GeoOrigin? near)
    {
        if (service.CapacityState == CapacityState.TakingReferrals) return null;
        var origin = near ?? service.ServiceAtLocations.Select(l => l.Location).OfType<Location>().Where(l => l.HasPosition).Select(l => new GeoOrigin(l.Latitude!.Value, l.Longitude!.Value)).FirstOrDefault();
        var alternatives = index.Search(new CatalogueQuery
            {
                CategoryIds = service.Categories.Select(c => c.NeedCategoryId).ToList(), AcceptingReferrals = true, Origin = origin, RadiusKm = RadiusKm,
                PageSize = Count + 1,
            })
            .Hits.Where(h => h.Entry.ServiceId != service.Id).Take(Count).ToList();
        return new CapacityNotice(service.CapacityState, service.WaitlistLength, alternatives);
    }
}
