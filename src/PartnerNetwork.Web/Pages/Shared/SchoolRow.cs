using AutoMapper;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Web.Pages.Shared;

public sealed class SchoolRow
{
    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Address { get; init; } = "";
    public string City { get; init; } = "";
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public SchoolLevels Levels { get; init; }
    public int? Enrolment { get; init; }
    public int? ImseDecile { get; init; }
    public int? SfrDecile { get; init; }
    /// <summary>Set when a yearly refresh found the school gone: shown as closed, no new families or referrals.</summary>
    public DateOnly? ClosedOn { get; init; }

    public bool IsDisadvantaged => ImseDecile >= 8;
    public bool HasPosition => Latitude is not null && Longitude is not null;

    public sealed class Projection : Profile
    {
        public Projection() => CreateProjection<School, SchoolRow>();
    }
}
