namespace PartnerNetwork.Core.Access;

public enum Role
{
    Agent,
    PartnerStaff,
    CssStaff,
    Admin,
}

/// <summary>Who is acting, with what they are attached to; every scoped query starts from it.</summary>
public sealed record Actor(Guid UserId, Role Role, Guid? ServiceCentreId, Guid? OrganizationId, IReadOnlySet<Guid> SchoolIds)
{
    public bool IsAdmin => Role == Role.Admin;
}
