using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data.Catalogue;

namespace PartnerNetwork.Data.Coverage;

/// <summary>The band edges of each profile, from configuration (<c>Coverage:UrbanBandsKm</c>, <c>Coverage:RuralBandsKm</c>).</summary>
public sealed class CoverageOptions
{
    // No initial values: the configuration binder appends to an array it finds filled.
    public double[]? UrbanBandsKm { get; set; }
    public double[]? RuralBandsKm { get; set; }

    public DistanceBands BandsFor(CoverageProfile profile)
    {
        var km = profile == CoverageProfile.Rural ? RuralBandsKm : UrbanBandsKm;
        if (km is null or { Length: 0 }) return profile == CoverageProfile.Rural ? DistanceBands.RuralDefault : DistanceBands.UrbanDefault;
        var bands = km.Length == 3 ? new DistanceBands(km[0], km[1], km[2]) : default;
        return bands.IsValid ? bands : throw new InvalidOperationException($"Coverage:{profile}BandsKm must be three increasing distances up to {DistanceBands.MaxKm} km.");
    }
}

/// <summary>A school with what the coverage pages show beside its figures.</summary>
public sealed record SchoolInfo(Guid Id, string Code, string Name, double Latitude, double Longitude, int? Enrolment, int? ImseDecile, int? SfrDecile,
    Guid ServiceCentreId, CoverageProfile Profile, SchoolLevels Levels = SchoolLevels.Primary)
{
    public bool Teaches(SchoolLevels level) => (Levels & level) != 0;
}

/// <summary>What narrows "suitable" services, as in the directory search.</summary>
/// <remarks><paramref name="VerifiedSince"/>: only services confirmed on or after that Quebec day (a cut-off, so the cache key moves with the day).</remarks>
public sealed record CoverageFilters(string? Language = null, bool Evenings = false, bool Weekends = false, bool Free = false, bool Accepting = false,
    DateOnly? VerifiedSince = null);

/// <summary>One need's coverage of the schools asked for (one CSS's, or all), with every school of the province.</summary>
public sealed record CoverageSnapshot(IReadOnlyList<SchoolInfo> Schools, IReadOnlyDictionary<Guid, CoverageResult> Results, IReadOnlyList<CatalogueEntry> Services);

/// <summary>
/// Computes coverage from the directory index (never a query per school) for all schools of the province — demand
/// crosses CSS borders — and keeps the results until the directory, a school, a profile or the filters change.
/// </summary>
public sealed class CoverageCalculator(CatalogueIndexCache catalogue, CoverageOptions options)
{
    const int MaxCached = 256;
    readonly ConcurrentDictionary<(Guid Catalogue, int Schools, Guid Need, CoverageFilters Filters, Guid? Centre), CoverageSnapshot> cache = new();

    /// <summary>The coverage of one CSS's schools (<paramref name="centreId"/>), or of all schools when null.</summary>
    public async Task<CoverageSnapshot> ForNeedAsync(PartnerNetworkDb db, Guid needId, CoverageFilters filters, Guid? centreId, CancellationToken cancel = default)
    {
        var index = await catalogue.CurrentAsync(db, cancel);
        var schools = await SchoolsAsync(db, cancel);
        var key = (index.Version, Stamp(schools), needId, filters, centreId);
        if (cache.TryGetValue(key, out var cached)) return cached;

        var services = index.Matching(new CatalogueQuery
        {
            CategoryIds = [needId], Language = filters.Language, OpenEvenings = filters.Evenings, OpenWeekends = filters.Weekends,
            FreeOnly = filters.Free, AcceptingReferrals = filters.Accepting, VerifiedSince = filters.VerifiedSince,
        });
        var centres = schools.ToDictionary(s => s.Id, s => s.ServiceCentreId);
        var results = CoverageAnalysis.Analyse(
            schools.Select(s => new CoverageSchool(s.Id, s.Latitude, s.Longitude, s.Enrolment, options.BandsFor(s.Profile))).ToList(),
            services.Select(e => new CoverageService(e.ServiceId, e.Sites.Select(x => (x.Latitude, x.Longitude)).ToList(), e.CapacityMaximum, e.IsRemote, e.ServiceArea)),
            centreId is null ? null : school => centres[school.Id] == centreId);
        var snapshot = new CoverageSnapshot(schools, results.ToDictionary(r => r.SchoolId), services);
        if (cache.Count >= MaxCached) cache.Clear();
        cache[key] = snapshot;
        return snapshot;
    }

    /// <summary>The open schools with a position: distances need one (a school without is listed elsewhere, said so).</summary>
    public static Task<List<SchoolInfo>> SchoolsAsync(PartnerNetworkDb db, CancellationToken cancel = default) =>
        db.Schools.AsNoTracking().Where(s => s.Latitude != null && s.Longitude != null && s.ClosedOn == null).OrderBy(s => s.Code)
            .Select(s => new SchoolInfo(s.Id, s.Code, s.Name, s.Latitude!.Value, s.Longitude!.Value, s.Enrolment, s.ImseDecile, s.SfrDecile, s.ServiceCentreId,
                s.ProfileOverride ?? s.ServiceCentre!.Profile, s.Levels))
            .ToListAsync(cancel);

    // Anything of the schools that the figures depend on: place, demand, profile.
    static int Stamp(List<SchoolInfo> schools)
    {
        var hash = new HashCode();
        foreach (var s in schools) hash.Add((s.Id, s.Latitude, s.Longitude, s.Enrolment, s.Profile, s.Levels));
        return hash.ToHashCode();
    }
}
