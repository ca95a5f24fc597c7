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
    /// <summary>The English names, when the partner wrote them: what the English interface shows.</summary>
    public string? ServiceNameEn { get; init; }
    public string? OrganizationNameEn { get; init; }
    /// <summary>Names and descriptions in every other language the listing has, searched like the French ones.</summary>
    public string TranslatedNames { get; init; } = "";
    public string TranslatedDescriptions { get; init; } = "";
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
    /// <summary>When the partner last confirmed the listing (HSDS assured_date); searchers see whether it is stale.</summary>
    public DateOnly? AssuredDate { get; init; }

    /// <summary>The service's name in the interface language (English when written, else French, marked).</summary>
    public Localized ServiceNameIn(string language) => Named(ServiceName, ServiceNameEn, language);

    public Localized OrganizationNameIn(string language) => Named(OrganizationName, OrganizationNameEn, language);

    static Localized Named(string french, string? english, string language) =>
        language != "en" ? new(french, "fr", false) : english is { Length: > 0 } ? new(english, "en", false) : new(french, "fr", true);
}

public sealed record CatalogueSite(Guid LocationId, double Latitude, double Longitude, string Address);
