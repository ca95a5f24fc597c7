using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;

namespace PartnerNetwork.Data.Catalogue;

/// <summary>Reads what the search index needs in four flat queries (no per-service round trips) and joins them in memory.</summary>
public static class CatalogueLoader
{
    public static async Task<List<CatalogueEntry>> LoadAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        var categoryNames = await db.NeedCategories.AsNoTracking()
            .ToDictionaryAsync(c => c.Id, c => $"{c.NameFr} {c.NameEn}", cancel);
        var services = await db.Services.AsNoTracking().Listed()
            .Select(s => new
            {
                s.Id, s.OrganizationId, Organization = s.Organization!.Name, s.Name, s.Description, s.Languages, s.Cost,
                s.AcceptsReferrals, s.Capacity.Available, s.Capacity.Maximum, s.KeepsWaitlist,
                s.MinimumAge, s.MaximumAge, s.MinimumGrade, s.MaximumGrade, s.IsRemote,
                Area = s.IsRemote ? s.ServiceArea : null, s.UpdatedAt, s.AssuredDate,
            })
            .ToListAsync(cancel);
        var categories = (await db.ServiceCategories.AsNoTracking().Select(c => new { c.ServiceId, c.NeedCategoryId }).ToListAsync(cancel))
            .ToLookup(c => c.ServiceId, c => c.NeedCategoryId);
        var hours = (await db.Schedules.AsNoTracking().Select(h => new { h.ServiceId, h.ByDay, h.ClosesAt }).ToListAsync(cancel))
            .ToLookup(h => h.ServiceId, h => new Schedule { ByDay = h.ByDay, ClosesAt = h.ClosesAt });
        var serviceTexts = (await db.Services.AsNoTracking().SelectMany(s => s.Texts).ToListAsync(cancel)).ToLookup(t => t.ServiceId);
        var organizationTexts = (await db.Organizations.AsNoTracking().SelectMany(o => o.Texts).ToListAsync(cancel)).ToLookup(t => t.OrganizationId);
        // A place without coordinates (imported from a list that had none) is not a site: no distance, no marker, no coverage.
        var sites = (await db.ServiceAtLocations.AsNoTracking()
                .Where(s => s.Location!.Latitude != null && s.Location.Longitude != null)
                .Select(s => new { s.ServiceId, s.LocationId, s.Location!.Latitude, s.Location.Longitude, s.Location.Address1, s.Location.City })
                .ToListAsync(cancel))
            .ToLookup(s => s.ServiceId, s => new CatalogueSite(s.LocationId, s.Latitude!.Value, s.Longitude!.Value, $"{s.Address1}, {s.City}"));

        return services.Select(s =>
        {
            var categoryIds = categories[s.Id].ToList();
            var serviceHours = hours[s.Id].ToList();
            var texts = serviceTexts[s.Id].Cast<ListingText>().Concat(organizationTexts[s.OrganizationId]).ToList();
            static string? English(IEnumerable<ListingText> texts) => texts.FirstOrDefault(t => t.Language == "en" && t.Name.Length > 0)?.Name;
            return new CatalogueEntry
            {
                ServiceId = s.Id,
                OrganizationId = s.OrganizationId,
                ServiceName = s.Name,
                OrganizationName = s.Organization,
                Description = s.Description,
                ServiceNameEn = English(serviceTexts[s.Id]),
                OrganizationNameEn = English(organizationTexts[s.OrganizationId]),
                TranslatedNames = string.Join(' ', texts.Select(t => t.Name)),
                TranslatedDescriptions = string.Join(' ', texts.Select(t => t.Description)),
                CategoryIds = categoryIds,
                CategoryText = string.Join(' ', categoryIds.Select(id => categoryNames.GetValueOrDefault(id, ""))),
                Languages = s.Languages,
                Cost = s.Cost,
                OpenEvenings = WeeklyHours.OpenEvenings(serviceHours),
                OpenWeekends = WeeklyHours.OpenWeekends(serviceHours),
                CapacityState = Service.CapacityStateOf(s.AcceptsReferrals, s.Available, s.KeepsWaitlist),
                CapacityMaximum = s.Maximum,
                MinimumAge = s.MinimumAge,
                MaximumAge = s.MaximumAge,
                MinimumGrade = s.MinimumGrade,
                MaximumGrade = s.MaximumGrade,
                IsRemote = s.IsRemote,
                ServiceArea = s.Area,
                Sites = sites[s.Id].ToList(),
                UpdatedAt = s.UpdatedAt,
                AssuredDate = s.AssuredDate,
            };
        }).ToList();
    }
}
