using NetTopologySuite.Geometries;

namespace PartnerNetwork.Core.Schools;

/// <summary>The ministry's three kinds of school bodies: French CSS, English school boards, and special status (Cree, Kativik, Littoral).</summary>
public enum ServiceCentreKind
{
    French,
    English,
    SpecialStatus,
}

/// <summary>A centre de services scolaire (CSS) or school board: the body that employs agents and runs schools.</summary>
public class ServiceCentre
{
    public const int CodeMaxLength = 6;
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }

    /// <summary>The ministry's organisation code, e.g. 762000 for the CSS de Montréal.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public ServiceCentreKind Kind { get; set; }

    public Geometry? Territory { get; set; }

    /// <summary>How coverage distances are read for this CSS's schools (urban or rural bands); its staff set it.</summary>
    public Coverage.CoverageProfile Profile { get; set; }

    /// <summary>When an admin opened the platform to this CSS (its first staff account); null while it has not started.</summary>
    public DateTime? EnabledAt { get; set; }

    /// <summary>The language its staff's screens open in until they choose: English for the English school boards.</summary>
    public string StaffLanguage => Kind == ServiceCentreKind.English ? "en-CA" : "fr-CA";

    public List<School> Schools { get; set; } = [];

    /// <summary>The profile coverage uses for one of its schools.</summary>
    public Coverage.CoverageProfile ProfileOf(School school) => school.ProfileOverride ?? Profile;
}
