using NetTopologySuite.Geometries;

namespace PartnerNetwork.Core.Schools;

/// <summary>A centre de services scolaire (CSS): the school board that employs agents and runs schools.</summary>
public class ServiceCentre
{
    public const int CodeMaxLength = 6;
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }

    /// <summary>The ministry's organisation code, e.g. 762000 for the CSS de Montréal.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public Geometry? Territory { get; set; }

    /// <summary>How coverage distances are read for this CSS's schools (urban or rural bands); its staff set it.</summary>
    public Coverage.CoverageProfile Profile { get; set; }

    public List<School> Schools { get; set; } = [];
}
