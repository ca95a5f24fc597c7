using Microsoft.AspNetCore.Identity;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data;

/// <summary>A person who signs in; attached to a CSS (and schools) or to an organisation.</summary>
public class User : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;
    public const int PreferredLanguageMaxLength = 5;

    public string DisplayName { get; set; } = "";

    public bool IsActive { get; set; } = true;

    public Guid? ServiceCentreId { get; set; }

    public ServiceCentre? ServiceCentre { get; set; }

    public Guid? OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public List<UserSchool> Schools { get; set; } = [];

    /// <summary>The culture the user chose (fr-CA or en-CA); null until they choose, when their CSS's language applies.</summary>
    public string? PreferredLanguage { get; set; }
}

/// <summary>A school an agent is assigned to.</summary>
public class UserSchool
{
    public Guid UserId { get; set; }

    public Guid SchoolId { get; set; }

    public School? School { get; set; }
}
