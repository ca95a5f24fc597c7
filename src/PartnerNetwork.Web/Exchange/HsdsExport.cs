using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Api;

namespace PartnerNetwork.Web.Exchange;

/// <summary>
/// The directory as HSDS tables: every active service of an active organisation (for a CSS, those with a site in its
/// territory) written exactly as the read API writes it, flattened, with the taxonomies. Written as a data package, it
/// imports back into an empty directory as the same catalogue.
/// </summary>
public static class HsdsExport
{
    public static async Task<HsdsTables> TablesAsync(PartnerNetworkDb db, Geometry? territory, CancellationToken cancel = default)
    {
        var needs = await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id, cancel);
        var services = await db.Services.AsNoTracking().AsSplitQuery()
            .Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive)
            .Include(s => s.Organization).Include(s => s.Categories).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .OrderBy(s => s.OrganizationId).ThenBy(s => s.Id).ToListAsync(cancel);
        var tables = new HsdsTables();
        var record = 0;
        foreach (var service in services)
        {
            if (territory is not null && !service.ServiceAtLocations.Any(l => l.Location!.HasPosition && territory.Covers(Geometries.Point(l.Location.Latitude!.Value, l.Location.Longitude!.Value)))) continue;
            tables.AddRecord("service", JsonSerializer.SerializeToElement(HsdsMapping.Service(service, needs, full: true), HsdsApi.Json), ++record, parent: null);
        }
        foreach (var taxonomy in HsdsApi.Taxonomies())
            tables.AddRecord("taxonomy", JsonSerializer.SerializeToElement(taxonomy, HsdsApi.Json), ++record, parent: null);
        foreach (var term in await HsdsApi.TermsAsync(db, cancel))
            tables.AddRecord("taxonomy_term", JsonSerializer.SerializeToElement(term, HsdsApi.Json), ++record, parent: null);
        return tables;
    }
}
