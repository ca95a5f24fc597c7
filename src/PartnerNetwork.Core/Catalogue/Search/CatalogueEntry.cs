using NetTopologySuite.Geometries;

namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>What the index keeps of one searchable service: enough to filter, rank and show a result row.</summary>
public sealed record CatalogueEntry
{
    public required Guid ServiceId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string ServiceName { get; init; }
    public required string OrganizationName { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<Guid> CategoryIds { get; init; } = [];
    /// <summary>Category names in both languages, so a French or English query finds the service.</summary>
    public string CategoryText { get; init; } = "";
    public IReadOnlyList<string> Languages { get; init; } = [];
    public Cost Cost { get; init; }
    public bool OpenEvenings { get; init; }
    public bool OpenWeekends { get; init; }
    public CapacityState CapacityState { get; init; }
    /// <summary>HSDS capacity maximum, when declared: the supply the coverage analysis weighs.</summary>
    public int? CapacityMaximum { get; init; }
    public int? MinimumAge { get; init; }
    public int? MaximumAge { get; init; }
    public int? MinimumGrade { get; init; }
    public int? MaximumGrade { get; init; }
    public bool IsRemote { get; init; }
    /// <summary>For remote services: where they serve; null means all of Quebec.</summary>
    public Geometry? ServiceArea { get; init; }
    public IReadOnlyList<CatalogueSite> Sites { get; init; } = [];
    /// <summary>UTC: the service's last change (HSDS last_modified).</summary>
    public DateTime UpdatedAt { get; init; }
}

public sealed record CatalogueSite(Guid LocationId, double Latitude, double Longitude, string Address);
