using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;

namespace PartnerNetwork.Data.Exchange.Hsds;

/// <summary>
/// Applies HSDS tables to the directory, one service record at a time: a service with its organisation, its locations
/// and what hangs from them. Records are matched by HSDS id (an organisation also by its folded name, which is unique
/// here), so importing the same file again changes nothing; our own attributes (needs, taking referrals, capacity,
/// texts in other languages) come back from the attributes our export writes. A field that fails its check
/// (<see cref="FieldChecks"/>) is dropped with a warning and the record still comes in; only a record error (no name, no
/// need of ours, a dangling reference, another's listing…) rejects the record whole; a dry run writes nothing; a real run writes every valid record in one transaction.
/// </summary>
public static class HsdsImport
{
    static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MO"] = DayOfWeek.Monday, ["TU"] = DayOfWeek.Tuesday, ["WE"] = DayOfWeek.Wednesday, ["TH"] = DayOfWeek.Thursday,
        ["FR"] = DayOfWeek.Friday, ["SA"] = DayOfWeek.Saturday, ["SU"] = DayOfWeek.Sunday,
    };

    /// <summary>What one valid service record sets, read and checked before anything is touched.</summary>
    sealed record ServiceRecord(HsdsRow Service, HsdsRow Organization, List<(HsdsRow Link, HsdsRow Location, HsdsRow? Address)> Sites,
        List<Guid> Needs, List<WeeklyOpening> Hours, List<string> Languages, Cost Cost, Dictionary<string, string> Profile,
        string? ServicePhone, string? OrganizationPhone, string? ContactName);

    /// <summary>Imports (or, in a dry run, checks) the tables at <paramref name="now"/> (UTC): what changed is verified on that Quebec day.</summary>
    public static async Task<ImportOutcome> RunAsync(PartnerNetworkDb db, HsdsTables tables, List<ImportProblem> problems,
        DateTime now, ImportReach reach, bool dryRun, CancellationToken cancel = default, IProgress<(int Done, int Total)>? progress = null)
    {
        var fileProblems = problems.Any(p => p.Line == 0);
        if (fileProblems) return new ImportOutcome(0, 0, 0, 0, problems);
        var today = QuebecTime.DateOf(now);
        var needs = await db.NeedCategories.AsNoTracking().ToListAsync(cancel);
        var mappings = await db.TaxonomyMappings.AsNoTracking().ToListAsync(cancel);
        var needOf = NeedResolver(needs, mappings, tables);

        var records = new List<ServiceRecord>();
        // A rejected record is counted once, whichever of its rows (in whichever file) had problems.
        var rejected = new HashSet<(string, int)>(problems.Where(p => !p.Warning).Select(p => (p.Column.Split(':')[0], p.Line)));
        // Progress counts each service twice (checked, then applied) and each lone organisation once.
        var withServices = tables["service"].Select(s => s["organization_id"]).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var total = tables["service"].Count * 2 + tables["organization"].Count(o => !withServices.Contains(o.Id));
        var done = 0;
        void Step()
        {
            if (++done % ImportProgress.Every == 0) progress?.Report((done, total));
        }
        foreach (var service in tables["service"])
        {
            Step();
            var (found, notices) = (new List<ImportProblem>(), new List<ImportProblem>());
            var record = Read(tables, service, needOf, reach, found, notices);
            // A service without a site is remote: it reaches past any one CSS, so only admins list it.
            if (record is { Sites.Count: 0 } && !reach.MayListRemote) found.Add(new(service.Record, Column(tables, "service", "id"), service["name"] ?? "", "Import.RemoteAdminsOnly"));
            if (record is null || found.Count > 0)
            {
                // Its field warnings too: whoever fixes the file sees everything at once.
                problems.AddRange(found);
                problems.AddRange(notices);
                rejected.Add(("service", service.Record));
                continue;
            }
            problems.AddRange(notices);
            records.Add(record);
        }
        // Organisations listed without any service (an HSDS organisation list) are imported on their own.
        var alone = new List<HsdsRow>();
        foreach (var row in tables["organization"].Where(o => !withServices.Contains(o.Id)))
        {
            var (found, notices) = (new List<ImportProblem>(), new List<ImportProblem>());
            if (CheckOrganization(tables, row, found, notices, row.Record) && found.Count == 0)
            {
                problems.AddRange(notices);
                alone.Add(row);
            }
            else
            {
                problems.AddRange(found);
                rejected.Add(("organization", row.Record));
            }
        }
        if (tables["service"].Count == 0 && tables["organization"].Count == 0 && problems.Count == 0) problems.Add(new(0, "", "", "Import.NoRows"));

        // Everything the records may touch, loaded once: by id, and organisations also by folded name. Each chunk of
        // keys goes as one parameter (EF.Parameter): as thousands of parameters, building the command cost seconds.
        var serviceIds = records.Select(r => Guid.Parse(r.Service.Id)).ToList();
        var organizationRows = records.Select(r => r.Organization).Concat(alone).ToList();
        var organizationIds = organizationRows.Select(o => Guid.Parse(o.Id)).Distinct().ToList();
        var names = organizationRows.Select(o => Organization.NormalizeName(o["name"]!)).Distinct().ToList();
        var organizations = new Dictionary<Guid, Organization>();
        foreach (var chunk in organizationIds.Chunk(Chunk))
            foreach (var o in await db.Organizations.Where(o => EF.Parameter(chunk).Contains(o.Id)).ToListAsync(cancel)) organizations[o.Id] = o;
        var byName = organizations.Values.ToDictionary(o => o.NormalizedName);
        foreach (var chunk in names.Where(n => !byName.ContainsKey(n)).Chunk(Chunk))
            foreach (var o in await db.Organizations.Where(o => EF.Parameter(chunk).Contains(o.NormalizedName)).ToListAsync(cancel)) byName[o.NormalizedName] = o;
        var services = new Dictionary<Guid, Service>();
        foreach (var chunk in serviceIds.Chunk(Chunk))
            foreach (var s in await db.Services.Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations)
                         .AsSplitQuery().Where(s => EF.Parameter(chunk).Contains(s.Id)).ToListAsync(cancel)) services[s.Id] = s;
        var locationIds = records.SelectMany(r => r.Sites).Select(s => Guid.Parse(s.Location.Id)).Distinct().ToList();
        var locations = new Dictionary<Guid, Location>();
        foreach (var chunk in locationIds.Chunk(Chunk))
            foreach (var l in await db.Locations.Where(l => EF.Parameter(chunk).Contains(l.Id)).ToListAsync(cancel)) locations[l.Id] = l;
        var ownership = await OwnershipAsync(db, reach, organizations.Values.Concat(byName.Values).Select(o => o.Id).Distinct().ToList(), cancel);
        // Organisations this file creates are the author's; the others only as far as the reach says.
        var createdHere = new HashSet<Guid>();
        ImportOwnership OwnershipOf(Organization organization) =>
            createdHere.Contains(organization.Id) ? ImportOwnership.Yours : ownership.GetValueOrDefault(organization.Id, ImportOwnership.Yours);

        // New records stay out of the change tracker and are written in bulk: tracking a whole directory cost more than writing it.
        var (freshOrganizations, freshLocations, freshServices) = (new List<Organization>(), new List<Location>(), new List<Service>());
        int created = 0, updated = 0, unchanged = 0;
        done += tables["service"].Count - records.Count;
        foreach (var record in records)
        {
            Step();
            var serviceId = Guid.Parse(record.Service.Id);
            var organization = Existing(record.Organization);
            // A service already listed under another organisation stays with it: an import does not move listings between owners
            // (nor hands one to an organisation the file creates).
            if (services.TryGetValue(serviceId, out var existingService) && existingService.OrganizationId != organization?.Id)
            {
                problems.Add(new(record.Service.Record, Column(tables, "service", "organization_id"), record.Service["organization_id"] ?? "", "Import.OtherOwner"));
                rejected.Add(("service", record.Service.Record));
                continue;
            }
            if (NameTakenByAnother(organization, record.Organization))
            {
                problems.Add(new(record.Service.Record, Column(tables, "organization", "name"), record.Organization["name"]!, "Import.NameTaken"));
                rejected.Add(("service", record.Service.Record));
                continue;
            }
            if (organization is not null && OwnershipOf(organization) is var owner and not ImportOwnership.Yours)
            {
                problems.Add(new(record.Service.Record, Column(tables, "organization", "name"), record.Organization["name"]!, ImportOwners.MessageKey(owner)));
                rejected.Add(("service", record.Service.Record));
                continue;
            }
            // A site is matched by id too: one of another organisation's stays theirs.
            if (!reach.IsEverything && record.Sites.FirstOrDefault(site => locations.TryGetValue(Guid.Parse(site.Location.Id), out var held)
                    && (held.OrganizationId != organization?.Id || !reach.Covers(held))) is { Location: not null } taken)
            {
                problems.Add(new(record.Service.Record, Column(tables, "location", "id"), taken.Location.Id, "Import.NotEntirelyYours"));
                rejected.Add(("service", record.Service.Record));
                continue;
            }
            var before = organization is null || existingService is null ? null : ListingFingerprint.Of(organization, existingService, locations.GetValueOrDefault);
            organization ??= Create(record.Organization);
            var service = existingService;
            if (service is null)
            {
                service = new Service { Id = serviceId, OrganizationId = organization.Id };
                services[serviceId] = service;
                freshServices.Add(service);
            }
            Apply(record, organization, service, locations, freshLocations, now);
            byName[organization.NormalizedName] = organization;
            var after = ListingFingerprint.Of(organization, service, locations.GetValueOrDefault);
            if (before is null) created++;
            else if (before != after) updated++;
            else
            {
                unchanged++;
                continue;
            }
            service.MarkVerified(today);
        }
        foreach (var row in alone)
        {
            Step();
            var organization = Existing(row);
            if (NameTakenByAnother(organization, row))
            {
                problems.Add(new(row.Record, Column(tables, "organization", "name"), row["name"]!, "Import.NameTaken"));
                rejected.Add(("organization", row.Record));
                continue;
            }
            if (organization is not null && OwnershipOf(organization) is var owner and not ImportOwnership.Yours)
            {
                problems.Add(new(row.Record, Column(tables, "organization", "name"), row["name"]!, ImportOwners.MessageKey(owner)));
                rejected.Add(("organization", row.Record));
                continue;
            }
            var before = organization is null ? null : ListingFingerprint.Of(organization);
            organization ??= Create(row);
            ApplyOrganization(organization, row, OrganizationPhone(tables, row), OrganizationProfile(tables, row).ToDictionary(p => p.Code, p => p.Value));
            byName[organization.NormalizedName] = organization;
            if (before is null) created++;
            else if (before != ListingFingerprint.Of(organization)) updated++;
            else unchanged++;
        }
        progress?.Report((total, total));
        if (dryRun) db.ChangeTracker.Clear();
        else
        {
            // One transaction: a run stopped anywhere (even a killed process) leaves all or nothing. A retry would find
            // half of the work marked saved, so it is refused instead (the failed attempt rolled back whole).
            await db.InTransactionAsync(async () =>
            {
                try
                {
                    await BulkInsert.InsertNewRecordsAsync(db, freshOrganizations, freshLocations, freshServices, cancel);
                }
                catch (DbException e)
                {
                    throw new DbUpdateException("The import's new records could not be written; nothing of it was applied.", e);
                }
                return await db.SaveChangesAsync(cancel);
            }, beforeRetry: () => throw new DbUpdateException("The import's transaction failed; nothing of it was applied."), cancel);
        }
        return new ImportOutcome(created, updated, unchanged, rejected.Count(r => r.Item2 > 0), problems);

        // Renaming an organisation to the name another one holds would break the unique name: the record is refused instead.
        bool NameTakenByAnother(Organization? organization, HsdsRow row) =>
            organization is not null && byName.TryGetValue(Organization.NormalizeName(row["name"]!), out var holder) && holder.Id != organization.Id;

        // Matched by HSDS id, else by folded name (unique here).
        Organization? Existing(HsdsRow row) =>
            organizations.GetValueOrDefault(Guid.Parse(row.Id)) ?? byName.GetValueOrDefault(Organization.NormalizeName(row["name"]!));

        // Indexed by name once its fields are applied.
        Organization Create(HsdsRow row)
        {
            var organization = new Organization { Id = Guid.Parse(row.Id) };
            organizations[organization.Id] = organization;
            createdHere.Add(organization.Id);
            freshOrganizations.Add(organization);
            return organization;
        }
    }

    const int Chunk = 2000;

    /// <summary>What the reach says of each existing organisation a file may touch, from all of its sites and its staff.</summary>
    static async Task<Dictionary<Guid, ImportOwnership>> OwnershipAsync(PartnerNetworkDb db, ImportReach reach, List<Guid> organizationIds, CancellationToken cancel)
    {
        if (reach.IsEverything) return [];
        var sites = new List<Location>();
        foreach (var chunk in organizationIds.Chunk(Chunk))
            sites.AddRange(await db.Locations.AsNoTracking().Where(l => EF.Parameter(chunk).Contains(l.OrganizationId)).ToListAsync(cancel));
        var bySite = sites.ToLookup(l => l.OrganizationId);
        var staff = await ImportOwners.WithOwnStaffAsync(db, organizationIds, cancel);
        return organizationIds.ToDictionary(id => id, id => reach.OwnershipOf(bySite[id].ToList(), staff.Contains(id)));
    }

    static string Column(HsdsTables tables, string table, string field) => tables.FromJson ? $"{table}.{field}" : $"{HsdsTables.PathOf(table)}:{field}";

    /// <summary>Reads and checks one service record and everything it refers to; problems go to <paramref name="found"/>.</summary>
    /// <summary>A problem of a record, at the file and field of the row that has it; long values cut for the report.</summary>
    static void Report(List<ImportProblem> found, HsdsTables tables, int record, HsdsRow row, string field, string? value, string key) =>
        found.Add(new(record, Column(tables, row.Table, field), value is { Length: > 80 } ? value[..80] + "…" : value ?? "", key));

    /// <summary>A field warning: the field is dropped from its row (the record comes in without it) and the report says so.</summary>
    static void FieldWarning(List<ImportProblem> notices, HsdsTables tables, int record, HsdsRow row, string field, string? value, string key)
    {
        notices.Add(new(record, Column(tables, row.Table, field), value is { Length: > 80 } ? value[..80] + "…" : value ?? "", key, Warning: true));
        row.Values.Remove(field);
    }

    /// <summary>A phone number kept cleaned (quotes an export wrapped it in), or dropped with a warning when it is not one we can dial.</summary>
    static void CheckPhone(List<ImportProblem> notices, HsdsTables tables, int record, HsdsRow phone, int maxLength)
    {
        if (phone["number"] is not { } number) return;
        if (FieldChecks.Phone(number, maxLength) is { } cleaned) phone.Values["number"] = cleaned;
        else FieldWarning(notices, tables, record, phone, "number", number, "Import.Phone");
    }

    static ServiceRecord? Read(HsdsTables tables, HsdsRow service, Func<HsdsRow, Guid?> needOf, ImportReach reach, List<ImportProblem> found,
        List<ImportProblem> notices)
    {
        void Problem(HsdsRow row, string field, string? value, string key) => Report(found, tables, service.Record, row, field, value, key);
        void Warn(HsdsRow row, string field, string? value, string key) => FieldWarning(notices, tables, service.Record, row, field, value, key);
        void Text(HsdsRow row, string field, int max, bool required = false)
        {
            var value = row[field];
            if (value is null) { if (required) Problem(row, field, null, "Import.Required"); return; }
            if (value.Length > max) Problem(row, field, value, "Import.TooLong");
            else if (FieldChecks.IsFormula(value))
            {
                if (required) Problem(row, field, value, "Import.Formula");
                else Warn(row, field, value, "Import.Formula");
            }
        }
        bool IsGuid(HsdsRow row, string field)
        {
            if (Guid.TryParse(row[field], out _)) return true;
            Problem(row, field, row[field], row[field] is null ? "Import.Required" : "Import.BadId");
            return false;
        }
        HsdsRow? Find(string table, string? id) => tables.Find(table, id);

        if (!IsGuid(service, "id")) return null;
        Text(service, "name", Service.NameMaxLength, required: true);
        Text(service, "description", Service.DescriptionMaxLength);
        Text(service, "eligibility_description", Service.EligibilityMaxLength);
        if (service["email"] is { } email && !FieldChecks.IsEmail(email, Service.EmailMaxLength)) Warn(service, "email", email, "Import.Email");
        if (service["status"] is not ("active" or "inactive" or "defunct" or "temporarily closed")) Problem(service, "status", service["status"], "Import.UnknownStatus");
        var ages = FieldChecks.Ages(service["minimum_age"], service["maximum_age"]);
        if (ages.MinimumProblem is { } minimumProblem) Warn(service, "minimum_age", service["minimum_age"], minimumProblem);
        if (ages.MaximumProblem is { } maximumProblem) Warn(service, "maximum_age", service["maximum_age"], maximumProblem);
        if (ages.Minimum is null) service.Values.Remove("minimum_age");
        if (ages.Maximum is null) service.Values.Remove("maximum_age");
        if (service["assured_date"] is { } assured && !DateOnly.TryParseExact(assured, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            Problem(service, "assured_date", assured, "Import.BadDate");

        var organization = Find("organization", service["organization_id"]);
        if (organization is null)
        {
            Problem(service, "organization_id", service["organization_id"], "Import.DanglingReference");
            return null;
        }
        if (!CheckOrganization(tables, organization, found, notices, service.Record)) return null;
        var phones = tables.Where("phone", "service_id", service.Id).ToList();
        foreach (var phone in phones) CheckPhone(notices, tables, service.Record, phone, Service.PhoneMaxLength);
        var contact = tables.Where("contact", "service_id", service.Id).FirstOrDefault();
        if (contact is not null) Text(contact, "name", Service.ContactNameMaxLength);

        var sites = new List<(HsdsRow, HsdsRow, HsdsRow?)>();
        foreach (var link in tables.Where("service_at_location", "service_id", service.Id))
        {
            if (!IsGuid(link, "id")) continue;
            var location = Find("location", link["location_id"]);
            if (location is null) { Problem(link, "location_id", link["location_id"], "Import.DanglingReference"); continue; }
            if (!IsGuid(location, "id")) continue;
            Text(location, "name", Location.NameMaxLength);
            var address = tables.Where("address", "location_id", location.Id).OrderBy(a => a["address_type"] == "physical" ? 0 : 1).FirstOrDefault();
            if (address is null) Problem(location, "id", location.Id, "Import.AddressIncomplete");
            else
            {
                Text(address, "address_1", Location.AddressMaxLength, required: true);
                Text(address, "city", Location.CityMaxLength, required: true);
                if (address["postal_code"] is { } postal)
                {
                    if (FieldChecks.PostalCode(postal) is { } cleaned) address.Values["postal_code"] = cleaned;
                    else Warn(address, "postal_code", postal, "Import.PostalCode");
                }
            }
            if (location["latitude"] is null && location["longitude"] is null)
            {
                // Without coordinates a place cannot show it lies in a CSS's territory: for CSS staff it counts as outside.
                if (!reach.IsEverything)
                {
                    Problem(location, "latitude", "", "Import.NoPositionOutside");
                    continue;
                }
                // There is no geocoder here: the address is kept without a map position, and the report says so.
                FieldWarning(notices, tables, service.Record, location, "latitude", "", "Import.NoPosition");
                sites.Add((link, location, address));
                continue;
            }
            var position = $"{location["latitude"]}, {location["longitude"]}";
            if (!double.TryParse(location["latitude"], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(location["longitude"], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || !FieldChecks.InQuebec(lat, lon))
            {
                // A position outside Quebec (or none readable) is no position: as for a site listed without coordinates, an
                // admin's import keeps the address without a map position; CSS staff cannot place it in their territory.
                if (!reach.IsEverything)
                {
                    Problem(location, "latitude", position, "Import.OutsideQuebec");
                    continue;
                }
                Warn(location, "latitude", position, "Import.OutsideQuebec");
                location.Values.Remove("longitude");
                sites.Add((link, location, address));
                continue;
            }
            if (!reach.Covers(lat, lon)) Problem(location, "latitude", $"{lat}, {lon}", "Import.OutsideTerritory");
            sites.Add((link, location, address));
        }

        var hours = new List<WeeklyOpening>();
        foreach (var schedule in tables.Where("schedule", "service_id", service.Id).Where(h => (h["opens_at"] ?? h["closes_at"]) is not null))
        {
            var days = (schedule["byday"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (schedule["freq"] is { } freq && !freq.Equals("WEEKLY", StringComparison.OrdinalIgnoreCase) || days.Length == 0 || days.Any(d => !Days.ContainsKey(d))
                || !TimeOnly.TryParse(schedule["opens_at"], CultureInfo.InvariantCulture, out var opens) || !TimeOnly.TryParse(schedule["closes_at"], CultureInfo.InvariantCulture, out var closes)
                || opens >= closes)
            {
                Problem(schedule, "opens_at", $"{schedule["byday"]} {schedule["opens_at"]}-{schedule["closes_at"]}", "Import.Hours");
                continue;
            }
            hours.AddRange(days.Select(d => new WeeklyOpening(Days[d], new TimeOnly(opens.Hour, opens.Minute), new TimeOnly(closes.Hour, closes.Minute))));
        }

        var languages = new List<string>();
        foreach (var language in tables.Where("language", "service_id", service.Id))
        {
            var code = language["code"]?.ToLowerInvariant();
            if (code is not null && PartnerNetwork.Core.Catalogue.Languages.IsKnown(code)) languages.Add(code);
            else Warn(language, "code", language["code"], "Import.UnknownLanguage");
        }

        var needs = new List<Guid>();
        var unmapped = new List<(HsdsRow Attribute, string? Term)>();
        var profile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in tables.Where("attribute", "link_id", service.Id))
        {
            var term = Find("taxonomy_term", attribute["taxonomy_term_id"]);
            var profileCode = ProfileCode(attribute)
                ?? (term is not null && term["taxonomy_id"] == ProfileTaxonomy && term["code"] is { } code && ProfileCodes.Contains(code) ? code : null);
            if (profileCode is not null)
            {
                if (attribute["value"] is { } value) profile[profileCode] = value;
                continue;
            }
            if (needOf(attribute) is { } need) needs.Add(need);
            else unmapped.Add((attribute, term?["code"] ?? term?["name"] ?? attribute["taxonomy_term_id"]));
        }
        // Terms of another taxonomy are only a warning beside a need of ours; with no need at all the record has no place here.
        foreach (var (attribute, term) in unmapped)
            if (needs.Count == 0) Problem(attribute, "taxonomy_term_id", term, "Import.UnmappedTerm");
            else Warn(attribute, "taxonomy_term_id", term, "Import.UnmappedTerm");
        if (needs.Count == 0 && unmapped.Count == 0) Problem(service, "id", service["name"], "Import.NoNeed");
        foreach (var (code, value) in profile)
        {
            if (code.StartsWith("name-", StringComparison.Ordinal) && value.Length > ListingText.NameMaxLength
                || code.StartsWith("description-", StringComparison.Ordinal) && value.Length > ListingText.DescriptionMaxLength)
                Problem(service, "attribute", value, "Import.TooLong");
            else if (code is "capacity-available" or "capacity-maximum" or "waitlist-length" && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000))
                Problem(service, code, value, "Import.OutOfRange");
            else if (code is "minimum-grade" or "maximum-grade" && (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var g) || g < Service.LowestGrade || g > Service.HighestGrade))
                Problem(service, code, value, "Import.OutOfRange");
            else if (code is "accepts-referrals" or "keeps-waitlist" or "remote" && value is not ("true" or "false"))
                Problem(service, code, value, "Import.YesNo");
        }
        if (profile.TryGetValue("capacity-available", out var available) && profile.TryGetValue("capacity-maximum", out var maximum)
            && int.TryParse(available, out var a) && int.TryParse(maximum, out var m) && a > m)
            Problem(service, "capacity-available", available, "Import.OutOfRange");
        // The organisation's texts ride along; CheckOrganization has checked them.
        foreach (var (code, value) in OrganizationProfile(tables, organization)) profile[code] = value;

        // A fees text that says neither free nor low cost is read as a fee: families are better told to ask than promised free.
        var cost = FieldChecks.CostOf(service["fees_description"]) ?? Cost.Fee;
        return new ServiceRecord(service, organization, sites, needs, hours, languages.Count == 0 ? ["fr"] : languages, cost, profile,
            phones.Select(p => p["number"]).FirstOrDefault(n => n is not null), OrganizationPhone(tables, organization), contact?["name"]);
    }

    /// <summary>Checks an organisation row (and its phones): false when it cannot be matched at all (no usable id).</summary>
    static bool CheckOrganization(HsdsTables tables, HsdsRow organization, List<ImportProblem> found, List<ImportProblem> notices, int record)
    {
        void Problem(HsdsRow row, string field, string? value, string key) => Report(found, tables, record, row, field, value, key);
        void Warn(HsdsRow row, string field, string? value, string key) => FieldWarning(notices, tables, record, row, field, value, key);
        if (!Guid.TryParse(organization.Id, out _))
        {
            Problem(organization, "id", organization.Id, organization.Id.Length == 0 ? "Import.Required" : "Import.BadId");
            return false;
        }
        foreach (var (field, max) in new[] { ("name", Organization.NameMaxLength), ("description", Organization.DescriptionMaxLength) })
        {
            var value = organization[field];
            if (value is null) { if (field == "name") Problem(organization, field, null, "Import.Required"); }
            else if (value.Length > max) Problem(organization, field, value, "Import.TooLong");
            else if (FieldChecks.IsFormula(value))
            {
                if (field == "name") Problem(organization, field, value, "Import.Formula");
                else Warn(organization, field, value, "Import.Formula");
            }
        }
        if (organization["email"] is { } email && !FieldChecks.IsEmail(email, Organization.EmailMaxLength)) Warn(organization, "email", email, "Import.Email");
        if (organization["website"] is { } website && !FieldChecks.IsWebsite(website, Organization.WebsiteMaxLength)) Warn(organization, "website", website, "Import.Website");
        foreach (var phone in tables.Where("phone", "organization_id", organization.Id).Where(p => p["service_id"] is null))
            CheckPhone(notices, tables, record, phone, Organization.PhoneMaxLength);
        foreach (var (code, value) in OrganizationProfile(tables, organization))
            if (code.StartsWith("organization:name-", StringComparison.Ordinal) && value.Length > ListingText.NameMaxLength
                || code.StartsWith("organization:description-", StringComparison.Ordinal) && value.Length > ListingText.DescriptionMaxLength)
                Problem(organization, "attribute", value, "Import.TooLong");
        return true;
    }

    /// <summary>The organisation's texts in other languages, from its name-xx / description-xx attributes.</summary>
    static IEnumerable<(string Code, string Value)> OrganizationProfile(HsdsTables tables, HsdsRow organization) =>
        from attribute in tables.Where("attribute", "link_id", organization.Id)
        let code = ProfileCode(attribute)
        where code is not null && (code.StartsWith("name-", StringComparison.Ordinal) || code.StartsWith("description-", StringComparison.Ordinal)) && attribute["value"] is not null
        select ("organization:" + code, attribute["value"]!);

    // Our profile terms by id, computed once (each id is a hash): an import reads hundreds of thousands of attributes.
    static readonly Dictionary<string, string> ProfileCodeById =
        HsdsMapping.ProfileTerms.ToDictionary(t => HsdsMapping.ProfileTermId(t.Code).ToString(), t => t.Code, StringComparer.OrdinalIgnoreCase);
    static readonly HashSet<string> ProfileCodes = [.. HsdsMapping.ProfileTerms.Select(t => t.Code)];
    static readonly string ProfileTaxonomy = HsdsMapping.ProfileTaxonomyId.ToString();

    static string? ProfileCode(HsdsRow attribute) =>
        attribute["taxonomy_term_id"] is { } id ? ProfileCodeById.GetValueOrDefault(id) : null;

    static string? OrganizationPhone(HsdsTables tables, HsdsRow organization) =>
        tables.Where("phone", "organization_id", organization.Id).FirstOrDefault(p => p["service_id"] is null)?["number"];

    /// <summary>
    /// Which of our needs an attribute's term is: our own term id (French or English), our code, a French or English
    /// name, or the admin's mapping table for other taxonomies. Unmapped terms are reported, never invented.
    /// </summary>
    static Func<HsdsRow, Guid?> NeedResolver(List<NeedCategory> needs, List<TaxonomyMapping> mappings, HsdsTables tables)
    {
        var byKey = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var need in needs)
        {
            byKey[need.Id.ToString()] = need.Id;
            byKey[HsdsMapping.EnglishTerm(need).Id] = need.Id;
            foreach (var name in new[] { need.Code, need.NameFr, need.NameEn }) byKey["name:" + TextNormalizer.Fold(name)] = need.Id;
        }
        foreach (var mapping in mappings) byKey["name:" + mapping.FoldedTerm] = mapping.NeedCategoryId;
        var terms = tables["taxonomy_term"].Where(t => t.Id.Length > 0).GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return attribute =>
        {
            var id = attribute["taxonomy_term_id"];
            if (id is null) return null;
            if (byKey.TryGetValue(id.ToLowerInvariant(), out var need)) return need;
            if (!terms.TryGetValue(id, out var term)) return null;
            foreach (var key in new[] { term["code"], term["name"] })
                if (key is not null && byKey.TryGetValue("name:" + TextNormalizer.Fold(key), out need)) return need;
            return null;
        };
    }

    static void ApplyOrganization(Organization organization, HsdsRow row, string? phone, Dictionary<string, string> profile)
    {
        organization.Name = row["name"]!;
        organization.Description = row["description"] ?? "";
        organization.Email = row["email"];
        organization.Website = row["website"];
        organization.Phone = phone;
        foreach (var language in ListingText.Languages)
            organization.SetText(language, profile.GetValueOrDefault($"organization:name-{language}"), profile.GetValueOrDefault($"organization:description-{language}"));
    }

    static void Apply(ServiceRecord record, Organization organization, Service service, Dictionary<Guid, Location> locations, List<Location> freshLocations, DateTime now)
    {
        ApplyOrganization(organization, record.Organization, record.OrganizationPhone, record.Profile);

        var s = record.Service;
        string? Profile(string code) => record.Profile.GetValueOrDefault(code);
        int? Number(string code) => Profile(code) is { } v ? int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;
        new ImportedService(s["description"], record.Languages, record.Cost,
            s["minimum_age"] is { } min ? int.Parse(min, CultureInfo.InvariantCulture) : null, s["maximum_age"] is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : null,
            record.ContactName, s["email"], record.ServicePhone, AcceptsReferrals: Profile("accepts-referrals") != "false",
            IsRemote: Profile("remote") == "true" || record.Sites.Count == 0, record.Needs, record.Hours, BlankKeeps: false).ApplyTo(service);
        service.Name = s["name"]!;
        service.Status = s["status"] == "active" ? ServiceStatus.Active : ServiceStatus.Inactive;
        service.EligibilityDescription = s["eligibility_description"];
        // A file never moves a listing's verification back in time (re-importing last month's file changes nothing).
        if (s["assured_date"] is { } assured && DateOnly.ParseExact(assured, "yyyy-MM-dd", CultureInfo.InvariantCulture) is var date
            && (service.AssuredDate is not { } held || date > held))
            service.AssuredDate = date;

        service.KeepsWaitlist = Profile("keeps-waitlist") == "true";
        service.WaitlistLength = Number("waitlist-length") ?? 0;
        service.MinimumGrade = Number("minimum-grade");
        service.MaximumGrade = Number("maximum-grade");
        if (Number("capacity-available") != service.Capacity.Available || Number("capacity-maximum") != service.Capacity.Maximum || Profile("capacity-unit") != service.Capacity.Unit)
            service.SetCapacity(Number("capacity-available"), Number("capacity-maximum"), Profile("capacity-unit"), now);
        foreach (var language in ListingText.Languages)
            service.SetText(language, Profile($"name-{language}"), Profile($"description-{language}"));

        foreach (var (link, row, address) in record.Sites)
        {
            var id = Guid.Parse(row.Id);
            if (!locations.TryGetValue(id, out var location))
            {
                // Written in bulk with the new records, before any service's link to it.
                location = new Location { Id = id, OrganizationId = organization.Id };
                locations[id] = location;
                freshLocations.Add(location);
            }
            location.Name = row["name"] ?? organization.Name;
            location.Address1 = address?["address_1"] ?? "";
            location.City = address?["city"] ?? "";
            location.PostalCode = (address?["postal_code"] ?? "").ToUpperInvariant();
            // A site listed without coordinates keeps the position it may have been given since.
            if (row["latitude"] is { } latitude && row["longitude"] is { } longitude)
                (location.Latitude, location.Longitude) = (double.Parse(latitude, CultureInfo.InvariantCulture), double.Parse(longitude, CultureInfo.InvariantCulture));
            if (service.ServiceAtLocations.All(l => l.LocationId != id))
                service.ServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.Parse(link.Id), ServiceId = service.Id, LocationId = id });
        }
        if (service.IsRemote) service.ServiceAtLocations.Clear();
    }
}
