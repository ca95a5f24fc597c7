namespace PartnerNetwork.Core.Schools;

public enum SchoolLevel
{
    Primary,
    Secondary,
}

public class School
{
    public const int CodeMaxLength = 6;
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 7;

    public Guid Id { get; set; }

    /// <summary>The ministry's organisation code (Code_Org / CD_ORGNS).</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string City { get; set; } = "";

    public string PostalCode { get; set; } = "";

    /// <summary>The number a family calls to reach the school (its agents); set by the CSS, printed on take-home sheets.</summary>
    public string? Phone { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public SchoolLevel Level { get; set; }

    public int? Enrolment { get; set; }

    /// <summary>Indice de milieu socio-économique decile, 1 (most favoured) to 10; 8–10 is "défavorisé". Null when unpublished.</summary>
    public int? ImseDecile { get; set; }

    /// <summary>Low-income-threshold index decile, 1 to 10.</summary>
    public int? SfrDecile { get; set; }

    public Guid ServiceCentreId { get; set; }

    public ServiceCentre? ServiceCentre { get; set; }

    public bool IsDisadvantaged => ImseDecile >= 8;
}
