using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Catalogue;

public static class CatalogueQueries
{
    /// <summary>Uses the latitude/longitude index; callers then keep what is really within the distance.</summary>
    public static IQueryable<ServiceAtLocation> SitesWithin(this IQueryable<ServiceAtLocation> sites, BoundingBox box) =>
        sites.Where(s => s.Location!.Latitude >= box.MinLatitude && s.Location.Latitude <= box.MaxLatitude
                      && s.Location.Longitude >= box.MinLongitude && s.Location.Longitude <= box.MaxLongitude);

    /// <summary>What searchers may see: active services of active organisations.</summary>
    public static IQueryable<ServiceAtLocation> Listed(this IQueryable<ServiceAtLocation> sites) =>
        sites.Where(s => s.Service!.Status == ServiceStatus.Active && s.Service.Organization!.IsActive);
}
