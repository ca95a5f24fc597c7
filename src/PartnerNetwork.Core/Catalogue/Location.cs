namespace PartnerNetwork.Core.Catalogue;

/// <summary>A physical place where an organisation receives people (HSDS location with its address and accessibility).</summary>
public class Location : ICatalogueRecord
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 7;
    public const int StateProvinceMaxLength = 2;
    /// <summary>A Canadian postal code, "H2X 1Y4" or "h2x1y4".</summary>
    public const string PostalCodePattern = @"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$";
    public const int AccessibilityMaxLength = 1000;

    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public string Name { get; set; } = "";

    public string Address1 { get; set; } = "";

    public string City { get; set; } = "";

    public string StateProvince { get; set; } = "QC";

    public string PostalCode { get; set; } = "";

    /// <summary>Null when unknown: a place imported from a list without coordinates (there is no geocoder here).</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>On the map: in searches by distance, markers and coverage. A place without it is listed by address only.</summary>
    public bool HasPosition => Latitude is not null && Longitude is not null;

    /// <summary>Inside a CSS's territory: only a place with a position can be.</summary>
    public bool LiesIn(NetTopologySuite.Geometries.Geometry territory) =>
        HasPosition && territory.Covers(Geo.Geometries.Point(Latitude!.Value, Longitude!.Value));

    /// <summary>Free-text accessibility notes (step-free entrance, elevator, nearest metro…).</summary>
    public string? Accessibility { get; set; }

    public Guid Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ServiceAtLocation> ServiceAtLocations { get; set; } = [];
}

/// <summary>Which services are offered at which locations (HSDS service_at_location).</summary>
public class ServiceAtLocation
{
    public Guid Id { get; set; }

    public Guid ServiceId { get; set; }

    public Service? Service { get; set; }

    public Guid LocationId { get; set; }

    public Location? Location { get; set; }
}
