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
            (string Organization, string? Service, string? Location)? before = isNew ? null : Fingerprint(organization, row);
            Apply(db, organization, row, needs);
            var after = Fingerprint(organization, row);
            // A new organisation, service or address is a created row; anything else that moved is an update.
            if (before is not { } was || was.Service is null || (!row.IsRemote && was.Location is null))
                created++;
            else if (was != after) updated++;
            else
            {
                unchanged++;
                continue;
            }
            var service = organization.Services.Single(s => Organization.NormalizeName(s.Name) == Organization.NormalizeName(row.Service));
            service.MarkVerified(today);
        }
        progress?.Report((rows.Count, rows.Count));
        // One SaveChanges is one transaction: a run stopped anywhere (even a killed process) leaves all or nothing.
        if (dryRun) db.ChangeTracker.Clear();
        else await db.SaveChangesAsync(cancel);
        return new ImportOutcome(created, updated, unchanged, rejected, problems);
    }

    static void Apply(PartnerNetworkDb db, Organization organization, SpreadsheetRow row, Dictionary<string, NeedCategory> needs)
    {
        if (row.OrganizationEmail is not null) organization.Email = row.OrganizationEmail;
        if (row.OrganizationPhone is not null) organization.Phone = row.OrganizationPhone;
        if (row.Website is not null) organization.Website = row.Website;

        Location? location = null;
        if (!row.IsRemote)
        {
            var address = Organization.NormalizeName($"{row.Address} {row.PostalCode}");
            location = organization.Locations.FirstOrDefault(l => Organization.NormalizeName($"{l.Address1} {l.PostalCode}") == address);
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

        var service = organization.Services.FirstOrDefault(s => Organization.NormalizeName(s.Name) == Organization.NormalizeName(row.Service));
        if (service is null)
        {
            service = new Service { Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = row.Service };
            organization.Services.Add(service);
            db.Services.Add(service);
        }
        service.Description = row.Description ?? service.Description;
        service.Languages = Languages.Codes.Where(row.Languages.Contains).ToList();
        service.Cost = row.Cost;
        (service.MinimumAge, service.MaximumAge) = (row.MinimumAge, row.MaximumAge);
        service.ReferralContactName = row.ReferralContact ?? service.ReferralContactName;
        service.ReferralEmail = row.ReferralEmail ?? service.ReferralEmail;
        service.ReferralPhone = row.ReferralPhone ?? service.ReferralPhone;
        service.AcceptsReferrals = row.AcceptsReferrals;
        service.IsRemote = row.IsRemote;
        service.SetNeeds(row.Needs.Select(code => needs[code].Id));
        if (row.Hours.Count > 0) service.SetWeeklyHours(row.Hours);
        if (location is not null && service.ServiceAtLocations.All(l => l.LocationId != location.Id))
            service.ServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = service.Id, LocationId = location.Id });
    }

    /// <summary>Everything a row can change, as text: equal before and after means the row changed nothing.</summary>
    static (string Organization, string? Service, string? Location) Fingerprint(Organization organization, SpreadsheetRow row)
    {
        var service = organization.Services.FirstOrDefault(s => Organization.NormalizeName(s.Name) == Organization.NormalizeName(row.Service));
        var address = Organization.NormalizeName($"{row.Address} {row.PostalCode}");
        var location = organization.Locations.FirstOrDefault(l => Organization.NormalizeName($"{l.Address1} {l.PostalCode}") == address);
        return (
            $"{organization.Email}|{organization.Phone}|{organization.Website}",
            service is null ? null : string.Join('|', service.Description, string.Join(',', service.Languages), service.Cost, service.MinimumAge, service.MaximumAge,
                service.ReferralContactName, service.ReferralEmail, service.ReferralPhone, service.AcceptsReferrals, service.IsRemote,
                string.Join(',', service.Categories.Select(c => c.NeedCategoryId).Order()),
                string.Join(',', service.Schedules.Select(h => $"{h.ByDay}{h.OpensAt}{h.ClosesAt}").Order()),
                location is not null && service.ServiceAtLocations.Any(l => l.LocationId == location.Id)),
            location is null ? null : $"{location.Name}|{location.City}|{location.Latitude}|{location.Longitude}");
    }
}
