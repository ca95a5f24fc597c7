namespace PartnerNetwork.Core.Catalogue.Search;

public sealed record GeoOrigin(double Latitude, double Longitude);

/// <summary>A directory search; every criterion is optional and they combine with AND (categories with OR).</summary>
public sealed record CatalogueQuery
{
    public const int MaxTextLength = 200;
    public const double MinRadiusKm = 1;
    public const double MaxRadiusKm = 100;
    public const double DefaultRadiusKm = 10;
    public const int MaxPageSize = 100;

    public string? Text { get; init; }
    public IReadOnlyCollection<Guid> CategoryIds { get; init; } = [];
    public GeoOrigin? Origin { get; init; }
    public double RadiusKm { get; init; } = DefaultRadiusKm;
    public string? Language { get; init; }
    public bool OpenEvenings { get; init; }
    public bool OpenWeekends { get; init; }
    public bool FreeOnly { get; init; }
    public bool AcceptingReferrals { get; init; }
    /// <summary>Only services verified on or after this Quebec day (<see cref="Freshness.VerifiedSince"/>: "verified in the last 12 months").</summary>
    public DateOnly? VerifiedSince { get; init; }
    public int? Age { get; init; }
    public int? Grade { get; init; }
    /// <summary>Only this organisation's services (the HSDS API's organization_id).</summary>
    public Guid? OrganizationId { get; init; }
    /// <summary>Only services changed at or after this instant, UTC (the HSDS API's modified_after).</summary>
    public DateTime? ModifiedAfter { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

public sealed record CatalogueHit(CatalogueEntry Entry, CatalogueSite? Site, double? DistanceKm, double Score);

public sealed record CatalogueResult(IReadOnlyList<CatalogueHit> Hits, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
