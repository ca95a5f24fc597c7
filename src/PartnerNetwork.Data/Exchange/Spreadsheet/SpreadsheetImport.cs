using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Exchange.Spreadsheet;

/// <summary>
/// Applies spreadsheet rows to the directory. A row is matched to what exists by organisation, service and address
/// (folded), so importing the same file again changes nothing. A dry run computes the outcome and writes nothing; a
/// real run writes every valid row in one transaction and marks what it created or changed as verified on the day.
/// </summary>
public static class SpreadsheetImport
{
    public static async Task<ImportOutcome> RunAsync(PartnerNetworkDb db, IReadOnlyList<SpreadsheetRow> rows, List<ImportProblem> problems,
        DateOnly today, ImportReach reach, bool dryRun, CancellationToken cancel = default, IProgress<(int Done, int Total)>? progress = null)
    {
        var needs = await db.NeedCategories.ToDictionaryAsync(n => n.Code, cancel);
        var names = rows.Select(r => Organization.NormalizeName(r.Organization)).Distinct().ToList();
        var organizations = await db.Organizations.Where(o => names.Contains(o.NormalizedName))
            .Include(o => o.Locations)
            .Include(o => o.Services).ThenInclude(s => s.Categories)
            .Include(o => o.Services).ThenInclude(s => s.Schedules)
            .Include(o => o.Services).ThenInclude(s => s.ServiceAtLocations)
            .AsSplitQuery().ToDictionaryAsync(o => o.NormalizedName, cancel);
        var ownStaff = reach.IsEverything ? [] : await ImportOwners.WithOwnStaffAsync(db, organizations.Values.Select(o => o.Id), cancel);
        // Decided on the organisation as it was before this file: what the file itself adds does not make it the author's.
        var ownership = organizations.Values.ToDictionary(o => o.Id, o => reach.OwnershipOf(o.Locations, ownStaff.Contains(o.Id)));
        int created = 0, updated = 0, unchanged = 0;
        var rejected = problems.Where(p => p.Line > 0 && !p.Warning).Select(p => p.Line).Distinct().Count();
        var done = 0;
        foreach (var row in rows)
        {
            if (++done % ImportProgress.Every == 0) progress?.Report((done, rows.Count));
            var key = Organization.NormalizeName(row.Organization);
            var positioned = row.Latitude is not null && row.Longitude is not null;
            if (row.IsRemote && !reach.MayListRemote)
            {
                // A remote service reaches past any one CSS: only admins list it.
                problems.Add(new(row.Line, "address", "", "Import.RemoteAdminsOnly"));
                rejected++;
                continue;
            }
            if (!row.IsRemote && !reach.Covers(row.Latitude, row.Longitude))
            {
                // Without coordinates a place cannot show it lies in the territory: for CSS staff it counts as outside.
                problems.Add(positioned ? new(row.Line, "latitude", $"{row.Latitude}, {row.Longitude}", "Import.OutsideTerritory") : new(row.Line, "latitude", "", "Import.NoPositionOutside"));
                rejected++;
                continue;
            }
            // Matched by name, an organisation is changed only when the author may change it.
            if (organizations.GetValueOrDefault(key) is { } known && ownership.GetValueOrDefault(known.Id, ImportOwnership.Yours) is var owner and not ImportOwnership.Yours)
            {
                problems.Add(new(row.Line, "organization", row.Organization, ImportOwners.MessageKey(owner)));
                rejected++;
                continue;
            }
            // There is no geocoder here: the address is kept without a map position, and the report says so.
            if (!row.IsRemote && !positioned) problems.Add(new(row.Line, "latitude", "", "Import.NoPosition", Warning: true));
            var isNew = !organizations.TryGetValue(key, out var organization);
            if (organization is null)
            {
                organization = new Organization { Id = Guid.NewGuid(), Name = row.Organization, Description = "" };
                organizations[key] = organization;
                db.Organizations.Add(organization);
            }
            // A new organisation, service or address is a created row; anything else that moved is an update.
            var held = isNew ? null : ServiceOf(organization, row);
            var isCreated = held is null || (!row.IsRemote && LocationOf(organization, row) is null);
            var before = isCreated ? null : ListingFingerprint.Of(organization, held!, SiteOf(organization));
            var service = Apply(db, organization, row, needs);
            if (isCreated) created++;
            else if (before != ListingFingerprint.Of(organization, service, SiteOf(organization))) updated++;
            else
            {
                unchanged++;
                continue;
            }
            service.MarkVerified(today);
        }
        progress?.Report((rows.Count, rows.Count));
        // One SaveChanges is one transaction: a run stopped anywhere (even a killed process) leaves all or nothing.
        if (dryRun) db.ChangeTracker.Clear();
        else await db.SaveChangesAsync(cancel);
        return new ImportOutcome(created, updated, unchanged, rejected, problems);
    }

    static Service? ServiceOf(Organization organization, SpreadsheetRow row) =>
        organization.Services.FirstOrDefault(s => Organization.NormalizeName(s.Name) == Organization.NormalizeName(row.Service));

    /// <summary>The site at the row's address (folded with its postal code), if the organisation has one.</summary>
    static Location? LocationOf(Organization organization, SpreadsheetRow row)
    {
        var address = Organization.NormalizeName($"{row.Address} {row.PostalCode}");
        return organization.Locations.FirstOrDefault(l => Organization.NormalizeName($"{l.Address1} {l.PostalCode}") == address);
    }

    static Func<Guid, Location?> SiteOf(Organization organization) => id => organization.Locations.FirstOrDefault(l => l.Id == id);

    static Service Apply(PartnerNetworkDb db, Organization organization, SpreadsheetRow row, Dictionary<string, NeedCategory> needs)
    {
        if (row.OrganizationEmail is not null) organization.Email = row.OrganizationEmail;
        if (row.OrganizationPhone is not null) organization.Phone = row.OrganizationPhone;
        if (row.Website is not null) organization.Website = row.Website;

        Location? location = null;
        if (!row.IsRemote)
        {
            location = LocationOf(organization, row);
            if (location is null)
            {
                location = new Location { Id = Guid.NewGuid(), OrganizationId = organization.Id };
                organization.Locations.Add(location);
                db.Locations.Add(location);
            }
            location.Name = row.LocationName ?? row.Organization;
            location.Address1 = row.Address!;
            location.City = row.City!;
            location.PostalCode = row.PostalCode ?? "";
            // A row without coordinates keeps the position the address may have been given since.
            if (row.Latitude is { } latitude && row.Longitude is { } longitude) (location.Latitude, location.Longitude) = (latitude, longitude);
        }

        var service = ServiceOf(organization, row);
        if (service is null)
        {
            service = new Service { Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = row.Service };
            organization.Services.Add(service);
            db.Services.Add(service);
        }
        new ImportedService(row.Description, Languages.Codes.Where(row.Languages.Contains).ToList(), row.Cost, row.MinimumAge, row.MaximumAge,
            row.ReferralContact, row.ReferralEmail, row.ReferralPhone, row.AcceptsReferrals, row.IsRemote,
            row.Needs.Select(code => needs[code].Id), row.Hours, BlankKeeps: true).ApplyTo(service);
        if (location is not null && service.ServiceAtLocations.All(l => l.LocationId != location.Id))
            service.ServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = service.Id, LocationId = location.Id });
        return service;
    }
}
