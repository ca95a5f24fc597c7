using Geometry = NetTopologySuite.Geometries.Geometry;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Core.Access;

/// <summary>Why an import may not change an existing organisation (and so its services and sites).</summary>
public enum ImportOwnership
{
    /// <summary>The author may change it.</summary>
    Yours,
    /// <summary>The organisation has its own staff accounts: its listing is theirs to keep.</summary>
    KeptByOrganization,
    /// <summary>A site of it lies outside the author's territory, or has no position to show it lies inside.</summary>
    Elsewhere,
}

/// <summary>
/// What an import may change on its author's behalf, decided once for every way in (the upload page, HSDS JSON or package,
/// the spreadsheet, the command line). Admins reach everything. CSS staff create records in their territory and change
/// only organisations entirely theirs: every site positioned inside their territory, none elsewhere, and no staff of the
/// organisation's own. Matching by name or id must never hand a CSS someone else's listing: referral e-mails and phone
/// numbers are exactly what a phisher wants to rewrite.
/// </summary>
public sealed class ImportReach
{
    readonly Geometry? territory;

    ImportReach(bool everything, Geometry? territory) => (IsEverything, this.territory) = (everything, territory);

    /// <summary>An administrator's reach (or the command line's, unless it is given a CSS).</summary>
    public static ImportReach Everything { get; } = new(true, null);

    /// <summary>A CSS's reach: its territory; a CSS without one reaches nothing.</summary>
    public static ImportReach Within(Geometry? territory) => new(false, territory);

    public bool IsEverything { get; }

    /// <summary>A remote service reaches past any one territory: only admins list one.</summary>
    public bool MayListRemote => IsEverything;

    /// <summary>A place inside the reach. A place without a position cannot show it lies inside: it counts as outside.</summary>
    public bool Covers(double? latitude, double? longitude) =>
        IsEverything || latitude is { } lat && longitude is { } lon && territory?.Covers(Geo.Geometries.Point(lat, lon)) == true;

    public bool Covers(Location location) => Covers(location.Latitude, location.Longitude);

    /// <summary>
    /// Whether an existing organisation, with all of its sites, may be changed. One without any site shows no territory,
    /// so only admins change it.
    /// </summary>
    public ImportOwnership OwnershipOf(IReadOnlyCollection<Location> sites, bool hasOwnStaff) =>
        IsEverything ? ImportOwnership.Yours
        : hasOwnStaff ? ImportOwnership.KeptByOrganization
        : sites.Count > 0 && sites.All(Covers) ? ImportOwnership.Yours
        : ImportOwnership.Elsewhere;
}
