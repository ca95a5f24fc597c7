namespace PartnerNetwork.Core.Schools;

/// <summary>What a school teaches, as the ministry's school file says (a school may teach several).</summary>
[Flags]
public enum SchoolLevels
{
    None = 0,
    Preschool = 1,
    Primary = 2,
    Secondary = 4,
    Vocational = 8,
    Adult = 16,
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

    /// <summary>The main building's position; null when the school files have no point for it (a school opened since): never on a map.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public SchoolLevels Levels { get; set; }

    public int? Enrolment { get; set; }

    /// <summary>Indice de milieu socio-économique decile, 1 (most favoured) to 10; 8–10 is "défavorisé". Null when unpublished (and for every secondary school here).</summary>
    public int? ImseDecile { get; set; }

    /// <summary>Low-income-threshold index decile, 1 to 10.</summary>
    public int? SfrDecile { get; set; }

    /// <summary>Set by the CSS for a school that does not read like the rest of its CSS (a rural school of an urban CSS).</summary>
    public Coverage.CoverageProfile? ProfileOverride { get; set; }

    /// <summary>The day a yearly refresh found the school gone from the ministry's school file; it stays for its history.</summary>
    public DateOnly? ClosedOn { get; set; }

    public Guid ServiceCentreId { get; set; }

    public ServiceCentre? ServiceCentre { get; set; }

    /// <summary>The school's buildings; the main one gives <see cref="Latitude"/> and <see cref="Longitude"/>.</summary>
    public List<SchoolSite> Sites { get; set; } = [];

    public bool IsDisadvantaged => ImseDecile >= 8;

    public bool HasPosition => Latitude is not null && Longitude is not null;

    public bool Teaches(SchoolLevels level) => (Levels & level) != 0;
}

/// <summary>One building of a school (the ministry's "immeuble"), with what is taught there.</summary>
public class SchoolSite
{
    public const int BuildingCodeMaxLength = 6;

    public Guid Id { get; set; }

    public Guid SchoolId { get; set; }

    public string BuildingCode { get; set; } = "";

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string City { get; set; } = "";

    public string PostalCode { get; set; } = "";

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public SchoolLevels Levels { get; set; }

    public bool IsMain { get; set; }
}
